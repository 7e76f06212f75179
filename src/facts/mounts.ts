import type { LocationRole, MountFacts } from './types.ts';

export interface MountOptions {
  os: string;
  /** Paths to describe, by role. */
  locations: { role: LocationRole; path: string }[];
  /** Try a real file lock in the module cache (GT210). */
  testLocking: boolean;
  mountinfoPath?: string;
}

/** Filesystem type, mount, space and permissions of each Go directory. (Placeholder: filled in by the mounts gatherer.) */
export async function gatherMounts(opts: MountOptions): Promise<MountFacts> {
  return { available: false, source: null, locations: opts.locations.map(() => null).filter((x): x is never => x !== null) };
}
