import type { CheckDefinition } from '../../engine/types.ts';

/** Checks of the paths family, in ID order. */
export const pathsChecks: CheckDefinition[] = [];
