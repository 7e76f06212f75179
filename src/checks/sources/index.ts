import type { CheckDefinition } from '../../engine/types.ts';

/** Checks of the sources family, in ID order. */
export const sourcesChecks: CheckDefinition[] = [];
