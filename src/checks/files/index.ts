import type { CheckDefinition } from '../../engine/types.ts';

/** Checks of the files family, in ID order. */
export const filesChecks: CheckDefinition[] = [];
