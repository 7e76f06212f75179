import type { CheckDefinition } from '../../engine/types.ts';

/** Checks of the network family, in ID order. */
export const networkChecks: CheckDefinition[] = [];
