// Builds facts snapshots for table-driven check tests: a healthy Linux machine by default,
// with overrides merged in. Snapshots from other platforms go through the same shape.
import type { FactsSnapshot, SettingFact, SettingSourceKind, LocationFact, LocationRole, GoBinary } from '../../src/facts/types.ts';
import { FACTS_SCHEMA_VERSION } from '../../src/facts/types.ts';
import { TRACKED_SETTINGS } from '../../src/facts/settings.ts';

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export const HOME = '/home/gopher';
export const GOROOT = '/usr/local/go';
export const GOVERSION = 'go1.26.8';

const DEFAULT_VALUES: Record<string, string> = {
  GOVERSION, GOROOT, GOPATH: `${HOME}/go`, GOMODCACHE: `${HOME}/go/pkg/mod`, GOCACHE: `${HOME}/.cache/go-build`,
  GOBIN: '', GOENV: `${HOME}/.config/go/env`, GOFLAGS: '', GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org', GONOPROXY: '', GONOSUMDB: '', GOPRIVATE: '', GOINSECURE: '', GOVCS: '', GOAUTH: 'netrc',
  GOTOOLCHAIN: 'auto', GO111MODULE: '', GOOS: 'linux', GOARCH: 'amd64', GOHOSTOS: 'linux', GOHOSTARCH: 'amd64',
  GOEXE: '', GOTMPDIR: '', GOTOOLDIR: `${GOROOT}/pkg/tool/linux_amd64`, GOMOD: '/dev/null', GOWORK: '', GODEBUG: '',
  GOTELEMETRY: 'local', CGO_ENABLED: '1',
};

export function setting(name: string, value: string | null, source: SettingSourceKind = 'default', extra: Partial<SettingFact> = {}): SettingFact {
  return { name, value, source, envValue: source === 'env' ? value : null, envEmpty: false, envFileValue: source === 'env-file' ? value : null, envFileLine: source === 'env-file' ? 1 : null, gorootEnvValue: source === 'goroot-go.env' ? value : null, shellSources: [], ...extra };
}

export function location(role: LocationRole, path: string, extra: Partial<LocationFact> = {}): LocationFact {
  return {
    role, path, exists: true, existingAncestor: null, mountPoint: '/', fsType: 'ext4', mountSource: '/dev/vda', mountOptions: ['rw', 'relatime'],
    freeBytes: 50e9, totalBytes: 250e9, freeInodes: 10_000_000, totalInodes: 16_000_000, writable: true, ownerUid: 1000, mode: 0o40755,
    volatile: false, locking: role === 'GOMODCACHE' ? { tested: true, works: true, error: null } : null, error: null, ...extra,
  };
}

export function goBinary(path: string, extra: Partial<GoBinary> = {}): GoBinary {
  const root = path.replace(/\/bin\/go(\.exe)?$/, '');
  return { path, pathIndex: 0, realPath: path, symlinkChain: [], executable: true, kind: 'native', version: GOVERSION, root, versionSource: 'VERSION-file', manager: null, error: null, ...extra };
}

/** A healthy Linux snapshot. */
export function baseFacts(): FactsSnapshot {
  const settings: Record<string, SettingFact> = {};
  for (const name of TRACKED_SETTINGS) {
    const v = DEFAULT_VALUES[name] ?? '';
    const fromGoroot = name === 'GOPROXY' || name === 'GOSUMDB' || name === 'GOTOOLCHAIN';
    settings[name] = setting(name, v, fromGoroot ? 'goroot-go.env' : 'default');
  }
  const PATH = `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${GOROOT}/bin:${HOME}/go/bin`;
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'gotune', version: '0.0.0-test' },
    gatheredAt: '2026-11-26T00:00:00.000Z',
    platform: { os: 'linux', arch: 'amd64', release: '6.1.0', wsl: null, listSeparator: ':' },
    user: { home: HOME, homeExists: true, uid: 1000, configDir: `${HOME}/.config`, cacheDir: `${HOME}/.cache`, shell: '/bin/bash' },
    env: { HOME, PATH, SHELL: '/bin/bash' },
    path: { raw: PATH, entries: PATH.split(':').map((raw, index) => ({ index, raw, empty: false, relative: false, exists: true, isDir: true })), examined: 8, truncated: false },
    goBinaries: [goBinary(`${GOROOT}/bin/go`, { pathIndex: 6 })],
    goEnv: { binary: `${GOROOT}/bin/go`, ok: true, exitCode: 0, timedOut: false, durationMs: 15, values: { ...DEFAULT_VALUES }, stderr: '', error: null },
    settings,
    envFile: { path: `${HOME}/.config/go/env`, located: 'user-config-dir', exists: false, readable: false, size: null, entries: [], ignored: [], binary: false, truncated: false, error: null },
    gorootGoEnv: { path: `${GOROOT}/go.env`, exists: true, entries: [
      { key: 'GOPROXY', value: 'https://proxy.golang.org,direct', line: 9 },
      { key: 'GOSUMDB', value: 'sum.golang.org', line: 10 },
      { key: 'GOTOOLCHAIN', value: 'auto', line: 14 },
    ], error: null },
    shellStartup: { files: [], assignments: [], goEnvWrites: [], pathAdditions: [], initLines: [] },
    mounts: { available: true, source: '/proc/self/mountinfo', locations: [
      location('GOROOT', GOROOT), location('GOPATH', `${HOME}/go`), location('GOMODCACHE', `${HOME}/go/pkg/mod`),
      location('GOCACHE', `${HOME}/.cache/go-build`), location('project', `${HOME}/src/app`),
    ] },
    versionManagers: [],
    goTrees: [],
    project: { dir: `${HOME}/src/app`, goMod: { path: `${HOME}/src/app/go.mod`, module: 'example.com/app', go: '1.26', goLine: 3, toolchain: null, toolchainLine: null, requires: [], replaces: [], error: null }, goWork: null, error: null },
    tools: [],
    goroot: { path: GOROOT, exists: true, isDir: true, hasToolDir: true, hasRuntime: true, hasGoBinary: true, version: GOVERSION, moduleCacheToolchain: false, error: null },
    gatherErrors: [],
    timings: {},
    online: false,
    credentials: { netrc: { path: `${HOME}/.netrc`, located: 'home', exists: false, isFile: false, readable: false, mode: null, ownerUid: null, entryCount: 0, hasDefault: false, hostsWithEntries: [], error: null }, sslCertFile: null, sslCertDirs: [] },
    networkProbe: null,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function merge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) { delete target[k]; continue; }
    const cur = target[k];
    if (isPlainObject(v) && isPlainObject(cur)) merge(cur, v);
    else target[k] = v;
  }
}

/** baseFacts() with a deep-merged patch (arrays replace; `undefined` deletes a key). */
export function makeFacts(patch: DeepPartial<FactsSnapshot> = {}): FactsSnapshot {
  const f = baseFacts();
  merge(f as unknown as Record<string, unknown>, patch as Record<string, unknown>);
  return f;
}

/** Sets a Go variable consistently: go env value, setting source, and the env / env file facts. */
export function withSetting(f: FactsSnapshot, name: string, value: string, source: SettingSourceKind = 'env', extra: Partial<SettingFact> = {}): FactsSnapshot {
  f.settings[name] = setting(name, value, source, extra);
  if (f.goEnv) f.goEnv.values[name] = value;
  if (source === 'env') f.env[name] = value;
  if (source === 'env-file') {
    f.envFile.exists = true; f.envFile.readable = true;
    f.envFile.entries = [...f.envFile.entries.filter((e) => e.key !== name), { key: name, value, line: f.envFile.entries.length + 1 }];
  }
  return f;
}
