import type { CheckDefinition } from '../../engine/types.ts';
import GT101 from './GT101-go-not-found.ts';
import GT102 from './GT102-go-shadowed.ts';
import GT103 from './GT103-goroot-set.ts';
import GT104 from './GT104-goroot-mismatch.ts';
import GT105 from './GT105-goroot-invalid.ts';
import GT106 from './GT106-go-unsupported.ts';
import GT107 from './GT107-toolchain-switch.ts';
import GT108 from './GT108-gotoolchain-invalid.ts';
import GT109 from './GT109-version-managers.ts';
import GT110 from './GT110-tool-drift.ts';
import GT111 from './GT111-go-env-failed.ts';

/** Checks of the toolchain family, in ID order. */
export const toolchainChecks: CheckDefinition[] = [GT101, GT102, GT103, GT104, GT105, GT106, GT107, GT108, GT109, GT110, GT111];
