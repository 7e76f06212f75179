import type { CheckDefinition } from '../../engine/types.ts';
import GT201 from './GT201-gopath-explicit.ts';
import GT202 from './GT202-gopath-relative.ts';
import GT203 from './GT203-gopath-tilde.ts';
import GT204 from './GT204-gopath-goroot-overlap.ts';
import GT205 from './GT205-gopath-multiple.ts';
import GT206 from './GT206-path-special-chars.ts';
import GT207 from './GT207-gobin-not-on-path.ts';
import GT208 from './GT208-modcache-relative.ts';
import GT209 from './GT209-slow-filesystem.ts';
import GT210 from './GT210-no-file-locking.ts';
import GT211 from './GT211-volatile-cache.ts';
import GT212 from './GT212-gocache-invalid.ts';
import GT213 from './GT213-low-disk.ts';
import GT214 from './GT214-cache-permissions.ts';
import GT215 from './GT215-wsl-windows-paths.ts';

/** Checks of the paths family, in ID order. */
export const pathsChecks: CheckDefinition[] = [GT201, GT202, GT203, GT204, GT205, GT206, GT207, GT208, GT209, GT210, GT211, GT212, GT213, GT214, GT215];
