import type { GoTreeCandidate, VersionManagerFacts } from './types.ts';

export interface VersionManagerOptions {
  home: string | null;
  os: string;
  env: Record<string, string | undefined>;
  pathEntries: string[];
  projectDir: string;
}

/** asdf, mise, goenv, gvm, SDKMAN, g, golang.org/dl, Homebrew, distro packages. (Placeholder.) */
export function gatherVersionManagers(_opts: VersionManagerOptions): VersionManagerFacts[] {
  return [];
}

/** Go trees that exist off PATH (for GT101's suggestions). (Placeholder.) */
export function gatherGoTrees(_opts: VersionManagerOptions, _managers: VersionManagerFacts[]): GoTreeCandidate[] {
  return [];
}
