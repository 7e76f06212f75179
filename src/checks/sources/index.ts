import type { CheckDefinition } from '../../engine/types.ts';
import GT401 from './GT401-env-shadows-file.ts';
import GT402 from './GT402-env-file-problems.ts';
import GT403 from './GT403-shell-startup-exports.ts';
import GT404 from './GT404-empty-value.ts';
import GT405 from './GT405-goroot-go-env-missing.ts';
import GT406 from './GT406-goroot-in-env-file.ts';

/** Checks of the sources family, in ID order. */
export const sourcesChecks: CheckDefinition[] = [GT401, GT402, GT403, GT404, GT405, GT406];
