import type { CheckDefinition } from '../../engine/types.ts';

/** Checks of the cache family, in ID order. */
export const cacheChecks: CheckDefinition[] = [];
