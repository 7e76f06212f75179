// Module and build cache facts for the GT5xx table tests: a healthy small cache by default.
import type { ModcacheFacts, GocacheFacts } from '../../../src/facts/modcache.ts';
import { HOME } from '../../helpers/facts.ts';

export const GiB = 1024 ** 3;
export const DAY = 86_400_000;
/** baseFacts().gatheredAt */
export const NOW = Date.parse('2026-11-26T00:00:00.000Z');

export function modcache(patch: Partial<ModcacheFacts> = {}): ModcacheFacts {
  return {
    root: `${HOME}/go/pkg/mod`, exists: true, complete: true, durationMs: 40, versions: 120, zipCount: 110, zipBytes: 300e6,
    treeCount: 100, treeBytesEstimate: 900e6, treeSample: 24, otherBytes: 20e6, toolchainVersions: 0, toolchainBytesEstimate: 0,
    totalBytesEstimate: 1.22e9, leftovers: { count: 0, samples: [] }, incomplete: { treesWithoutZiphash: 0, zipsWithoutZiphash: 0, samples: [] },
    error: null, ...patch,
  };
}

export function gocache(patch: Partial<GocacheFacts> = {}): GocacheFacts {
  return {
    root: `${HOME}/.cache/go-build`, exists: true,
    trimTxt: { path: `${HOME}/.cache/go-build/trim.txt`, exists: true, lastTrimMs: NOW - DAY, error: null },
    bytesEstimate: 5 * GiB, sampledDirs: 16, newestEntryMs: NOW - 3_600_000, error: null, ...patch,
  };
}
