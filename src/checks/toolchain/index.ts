import type { CheckDefinition } from '../../engine/types.ts';
import GT111 from './GT111-go-env-failed.ts';

/** Checks of the toolchain family, in ID order. */
export const toolchainChecks: CheckDefinition[] = [GT111];
