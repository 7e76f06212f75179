import type { CheckDefinition } from '../../engine/types.ts';
import GT501 from './GT501-modcache-size.ts';
import GT502 from './GT502-modcache-partial.ts';
import GT503 from './GT503-modcache-incomplete.ts';
import GT504 from './GT504-gocache-not-trimming.ts';

/** Checks of the cache family, in ID order. */
export const cacheChecks: CheckDefinition[] = [GT501, GT502, GT503, GT504];
