import type { CheckDefinition } from '../../engine/types.ts';
import GT301 from './GT301-goproxy-direct.ts';
import GT302 from './GT302-goproxy-off.ts';
import GT303 from './GT303-goproxy-invalid.ts';
import GT304 from './GT304-goproxy-chain.ts';
import GT305 from './GT305-credentials-in-url.ts';
import GT306 from './GT306-dead-proxy.ts';
import GT307 from './GT307-checksum-off.ts';
import GT308 from './GT308-private-not-excluded.ts';
import GT309 from './GT309-pattern-mistakes.ts';
import GT310 from './GT310-goinsecure.ts';
import GT311 from './GT311-http-proxy.ts';
import GT312 from './GT312-ca-bundle.ts';
import GT313 from './GT313-goflags-invalid.ts';
import GT314 from './GT314-goflags-risky.ts';
import GT315 from './GT315-go111module.ts';
import GT316 from './GT316-credentials-files.ts';
import GT317 from './GT317-proxy-unreachable.ts';

/** Checks of the network family, in ID order. */
export const networkChecks: CheckDefinition[] = [
  GT301, GT302, GT303, GT304, GT305, GT306, GT307, GT308, GT309, GT310, GT311, GT312, GT313, GT314, GT315, GT316, GT317,
];
