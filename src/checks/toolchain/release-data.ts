// The Go release table shipped with gotune (src/data/go-releases.json): which lines are
// supported and the newest patch of each, as of the date recorded in the file.
import releases from '../../data/go-releases.json' with { type: 'json' };
import { compareVersions, langOf } from './gover.ts';

export interface ReleaseLine {
  line: string;
  latest: string;
  firstPublished: string | null;
  latestPublished: string | null;
  endOfSupport: string | null;
}

export interface ReleaseData {
  asOf: string;
  source: string;
  supported: string[];
  lines: ReleaseLine[];
}

export const RELEASES: ReleaseData = releases as ReleaseData;

export function lineOf(data: ReleaseData, version: string): ReleaseLine | undefined {
  const lang = langOf(version);
  return data.lines.find((l) => l.line === lang);
}

/** The newest line the data knows. */
export function newestLine(data: ReleaseData): string {
  return data.lines.map((l) => l.line).sort((a, b) => compareVersions(b, a))[0] ?? '';
}
