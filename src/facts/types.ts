// The facts snapshot: everything gotune knows about one machine and one project, gathered once.
// It is plain JSON (`gotune doctor --save-facts`), so a snapshot taken on macOS, Windows or WSL
// can be judged on Linux (`gotune doctor --facts FILE`). Checks read only this object.

import type { ModcacheFacts, GocacheFacts } from './modcache.ts';

export const FACTS_SCHEMA_VERSION = 1;

/** Why a fact is missing: gatherers never throw, they record this instead. */
export interface GatherError {
  gatherer: string;
  message: string;
  timedOut?: boolean;
}

export type OsName = 'linux' | 'darwin' | 'windows' | 'freebsd' | 'openbsd' | 'netbsd' | string;

export interface PlatformFacts {
  /** GOOS-style name of the machine gotune ran on. */
  os: OsName;
  arch: string;
  /** Kernel release string (os.release()). */
  release: string;
  /** Set when running inside Windows Subsystem for Linux. */
  wsl: { version: 1 | 2; distro: string | null } | null;
  /** Path separator for list variables (PATH, GOPATH): ':' or ';'. */
  listSeparator: ':' | ';';
}

export interface UserFacts {
  home: string | null;
  homeExists: boolean;
  uid: number | null;
  /** os.UserConfigDir() as Go computes it (XDG_CONFIG_HOME, ~/Library/Application Support, %AppData%). */
  configDir: string | null;
  /** os.UserCacheDir() as Go computes it. */
  cacheDir: string | null;
  /** The login shell ($SHELL). */
  shell: string | null;
}

export interface PathEntry {
  index: number;
  /** The entry as written in PATH. */
  raw: string;
  /** Empty entries mean the current directory to POSIX shells. */
  empty: boolean;
  relative: boolean;
  exists: boolean;
  isDir: boolean;
}

export interface PathFacts {
  raw: string;
  entries: PathEntry[];
  /** Entries examined for `go` (the list may be cut at a bound for pathological PATHs). */
  examined: number;
  truncated: boolean;
}

export type GoBinaryKind = 'native' | 'windows-exe' | 'shim' | 'script' | 'unknown';

export interface GoBinary {
  /** Path as found on PATH (entry + "/go"). */
  path: string;
  pathIndex: number;
  /** Symlinks resolved; null when resolution failed (loop, dangling). */
  realPath: string | null;
  symlinkChain: string[];
  executable: boolean;
  kind: GoBinaryKind;
  /** Version like "go1.26.8", read from the tree's VERSION file or `go version`. */
  version: string | null;
  /** GOROOT the binary belongs to (its tree), when recognisable. */
  root: string | null;
  /** How version/root were learned. */
  versionSource: 'VERSION-file' | 'build-info' | 'go-version' | 'none';
  /** Go release embedded in the executable itself (its build info), when it is a Go binary. */
  builtWith?: string | null;
  /** Which version manager owns this binary, if any (asdf, mise, goenv, ...). */
  manager: string | null;
  error: string | null;
}

export interface GoEnvFacts {
  /** The `go` that ran (the winner on PATH, or GOTUNE_GO). */
  binary: string | null;
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Values as `go env -json KEY...` printed them. */
  values: Record<string, string>;
  /** stderr (redacted), kept for GT111 and for warnings like "go env -w ... does not override". */
  stderr: string;
  /** Set when stdout was not valid JSON or the process failed to start. */
  error: string | null;
  /** `go env` ran with GOTOOLCHAIN=local (never a download); values.GOTOOLCHAIN is the configured one. */
  toolchainForcedLocal?: boolean;
}

export type SettingSourceKind = 'env' | 'env-file' | 'goroot-go.env' | 'default' | 'toolchain-switch' | 'unknown';

export interface ShellAssignmentRef {
  file: string;
  line: number;
}

export interface SettingFact {
  name: string;
  /** Effective value (from `go env`), or null when `go env` did not report it. */
  value: string | null;
  source: SettingSourceKind;
  /** Non-empty process-environment value (empty counts as unset, as the go command treats it). */
  envValue: string | null;
  /** True when the variable is present in the environment but empty. */
  envEmpty: boolean;
  envFileValue: string | null;
  envFileLine: number | null;
  gorootEnvValue: string | null;
  /** Shell startup files whose assignment matches the live environment value. */
  shellSources: ShellAssignmentRef[];
}

export interface EnvFileEntry {
  key: string;
  value: string;
  line: number;
  /** Byte span of the whole line (newline included) in the file, for text-edit fixes. */
  offset?: number;
  length?: number;
  /** The value ends in "\r" (CRLF line endings): the go command keeps it as part of the value. */
  carriageReturn?: boolean;
  /** The value is not valid UTF-8 (the go command keeps the raw bytes). */
  invalidUtf8?: boolean;
}

export interface EnvFileIgnoredLine {
  line: number;
  text: string;
  reason: 'no-equals' | 'not-uppercase-start' | 'duplicate' | 'invalid-utf8' | 'empty-key'
    /** Starts with '#': ignored by design, not a problem. */
    | 'comment'
    /** A variable the go command never reads from the file (GOENV, GODEBUG, GOVERSION, ...). */
    | 'refused-key'
    /** Starts with A-Z and has "=", but the key is not a variable name ("GO PROXY", binary bytes): stored, never read. */
    | 'invalid-key';
  /** The key as the go command splits it, when the line has one (duplicates, refused and invalid keys). */
  key?: string;
  /** Byte span of the whole line (newline included) in the file, for text-edit fixes. */
  offset?: number;
  length?: number;
}

export interface EnvFileFacts {
  /** Path the go command uses, null when GOENV=off or no config dir. */
  path: string | null;
  /** How the path was found. */
  located: 'GOENV' | 'user-config-dir' | 'disabled' | 'none';
  exists: boolean;
  readable: boolean;
  size: number | null;
  /** Effective entries (last duplicate wins), in file order of their winning line. */
  entries: EnvFileEntry[];
  ignored: EnvFileIgnoredLine[];
  /** The file looks binary (NUL bytes) or was too large to read whole. */
  binary: boolean;
  truncated: boolean;
  error: string | null;
  /** sha256 (hex) of the whole file, when it was read whole (text-edit fixes are computed against it). */
  sha256?: string | null;
  /** Number of ignored lines, including those cut from `ignored` by its bound. */
  ignoredTotal?: number;
}

export interface GorootGoEnvFacts {
  path: string | null;
  exists: boolean;
  entries: EnvFileEntry[];
  error: string | null;
}

export type ShellKind = 'bash' | 'zsh' | 'fish' | 'sh' | 'environment' | 'unknown';

export interface ShellStartupFile {
  path: string;
  shell: ShellKind;
  exists: boolean;
  readable: boolean;
  binary: boolean;
  /** True for files that only login shells read. */
  login: boolean;
  error: string | null;
  size?: number | null;
  /** sha256 (hex) of the file's bytes when it was read (text-edit fixes are computed against it). */
  sha256?: string | null;
  /** Where a symlinked startup file points (dotfile managers: stow, chezmoi, home-manager). */
  linkTarget?: string | null;
  /** Read because another startup file sources it (one level deep). */
  sourcedFrom?: string | null;
}

export interface ShellAssignment {
  file: string;
  line: number;
  column: number;
  shell: ShellKind;
  variable: string;
  /** Value as written, quotes removed. */
  value: string;
  /** Value with $HOME, ~ and earlier assignments expanded when that can be done statically; null otherwise. */
  expanded: string | null;
  exported: boolean;
  /** The line as written (redacted). */
  text: string;
  /** For `expanded` values that are paths: whether that path exists (null when not a path or not checked). */
  expandedExists?: boolean | null;
  /** When `expandedExists` is false: whether the parent directory exists (a fresh default vs. an unmounted or mistyped path). */
  expandedParentExists?: boolean | null;
  /** Byte span of the whole line (newline included), for text-edit fixes. */
  offset?: number;
  length?: number;
  /** fish universal variable (`set -U`, fish_variables) rather than a startup-file assignment. */
  universal?: boolean;
}

export interface ShellGoEnvWrite {
  file: string;
  line: number;
  args: string[];
  text: string;
}

export interface ShellPathAddition {
  file: string;
  line: number;
  dirs: string[];
  text: string;
  column?: number;
  /** Directories after static expansion (null where not static), parallel to `dirs`. */
  expanded?: (string | null)[];
  /** Whether each expanded directory exists (null when not checked), parallel to `dirs`. */
  exists?: (boolean | null)[];
}

export interface ShellStartupFacts {
  files: ShellStartupFile[];
  assignments: ShellAssignment[];
  goEnvWrites: ShellGoEnvWrite[];
  pathAdditions: ShellPathAddition[];
  /** Lines that look like version-manager or tool init (asdf, mise, goenv, gvm, direnv ...), for other checks. */
  initLines?: { file: string; line: number; text: string }[];
}

export type LocationRole = 'GOROOT' | 'GOPATH' | 'GOMODCACHE' | 'GOCACHE' | 'GOBIN' | 'project' | 'GOTMPDIR';

export interface LocationFact {
  role: LocationRole;
  path: string;
  exists: boolean;
  /** Nearest existing ancestor when path does not exist yet. */
  existingAncestor: string | null;
  /** Symlinks resolved (through the nearest existing ancestor when the path does not exist yet). */
  realPath?: string | null;
  mountPoint: string | null;
  fsType: string | null;
  mountSource: string | null;
  mountOptions: string[];
  freeBytes: number | null;
  totalBytes: number | null;
  freeInodes: number | null;
  totalInodes: number | null;
  /** Writable by the current user (access W_OK on the path or its nearest existing ancestor). */
  writable: boolean | null;
  ownerUid: number | null;
  mode: number | null;
  /** Directories whose content the OS wipes at boot (/tmp, /var/tmp with tmpfiles rules, ...). */
  volatile: boolean;
  /** For GT210: result of a real advisory lock taken on a temporary file there. */
  locking: { tested: boolean; works: boolean | null; error: string | null } | null;
  /** With `doctor --measure`: small-file latency measured there (one measurement per mount). */
  latency?: LatencyFact | null;
  error: string | null;
}

/** Small files (4 KiB) created, stat'ed, read and removed in a directory: milliseconds per file. */
export interface LatencyFact {
  dir: string;
  files: number;
  /** All four operations, per file. */
  perFileMs: number | null;
  createMs: number | null;
  statMs: number | null;
  readMs: number | null;
  removeMs: number | null;
  error: string | null;
}

export interface MountFacts {
  available: boolean;
  source: string | null;
  locations: LocationFact[];
  /** Why mount data is missing or partial (unreadable or junk mountinfo, not Linux). */
  error?: string | null;
  /** mountinfo lines that did not parse. */
  skippedLines?: number;
  /** With `doctor --measure`: the same measurement on a local disk, for comparison (null: none found). */
  reference?: (LatencyFact & { fsType: string | null; mountPoint: string | null }) | null;
}

export interface VersionManagerFacts {
  name: 'asdf' | 'mise' | 'goenv' | 'gvm' | 'sdkman' | 'g' | 'golang-dl' | 'homebrew' | 'distro' | string;
  root: string;
  /** Installed Go versions it holds, with their tree paths. */
  versions: { version: string; root: string; exists: boolean }[];
  /** The manager is wired into PATH or the shell (shim dir on PATH, init line in a startup file). */
  active: boolean;
  /** Where the shim/bin dir is, if the manager uses one. */
  shimDir: string | null;
  /** The version the manager says is selected for the project dir (from .tool-versions, .go-version, ...). */
  selected: { version: string; file: string | null; installed: boolean } | null;
  evidence: string[];
}

/** The GOROOT the go command uses, inspected on disk (GT104, GT105). */
export interface GorootFacts {
  path: string | null;
  exists: boolean;
  isDir: boolean;
  /** pkg/tool exists: what cmd/go's own isGOROOT test looks for. */
  hasToolDir: boolean;
  hasRuntime: boolean;
  hasGoBinary: boolean;
  /** From $GOROOT/VERSION. */
  version: string | null;
  /** GOROOT is a toolchain the go command downloaded into the module cache (golang.org/toolchain@...). */
  moduleCacheToolchain: boolean;
  error: string | null;
}

export interface GoTreeCandidate {
  root: string;
  version: string | null;
  origin: string;
}

export interface ProjectGoFile {
  path: string;
  module: string | null;
  go: string | null;
  goLine: number | null;
  toolchain: string | null;
  toolchainLine: number | null;
  /** require lines (go.mod) or use lines (go.work, in `path`), with their positions. */
  requires: { path: string; version: string; indirect: boolean; line: number }[];
  replaces: { oldPath: string; oldVersion: string | null; newPath: string; newVersion: string | null; line: number }[];
  error: string | null;
}

export interface ProjectFacts {
  dir: string;
  goMod: ProjectGoFile | null;
  goWork: ProjectGoFile | null;
  /** GOWORK value that decided which go.work applies ("off" disables). */
  error: string | null;
}

export interface ToolBinaryFacts {
  name: string;
  path: string;
  /** Go release the binary was built with (embedded build info), e.g. "go1.21.5". */
  goVersion: string | null;
  modulePath: string | null;
  moduleVersion: string | null;
  /** Main package path from the build info (e.g. golang.org/x/tools/gopls), what `go install` takes. */
  packagePath?: string | null;
  /** Found where `go install` puts binaries (GOBIN, GOPATH/bin), or only elsewhere on PATH. */
  foundIn?: 'install-dir' | 'PATH';
  error: string | null;
}

/** The netrc file the go command reads for GOAUTH=netrc (metadata only, never logins or passwords). */
export interface NetrcFacts {
  path: string | null;
  located: 'NETRC' | 'home' | 'home-_netrc' | 'none';
  exists: boolean;
  isFile: boolean;
  readable: boolean;
  /** Permission bits (mode & 0o7777). */
  mode: number | null;
  ownerUid: number | null;
  /** Complete machine entries (machine + login + password). */
  entryCount: number;
  hasDefault: boolean;
  /** GOPROXY / GOSUMDB host names that have an entry. */
  hostsWithEntries: string[];
  error: string | null;
}

export interface CertPathFact {
  path: string;
  exists: boolean;
  isFile: boolean;
  isDir: boolean;
  readable: boolean;
  /** PEM certificates found in the first 64 KiB (files only). */
  entries: number | null;
  error: string | null;
}

export interface CredentialFacts {
  netrc: NetrcFacts;
  sslCertFile: CertPathFact | null;
  sslCertDirs: CertPathFact[];
}

export type ProbePhase = 'dns' | 'tcp' | 'tls' | 'proxy' | 'http' | 'ok';

/** One endpoint the go command would contact, probed when online. */
export interface ProbeResult {
  /** What it is: a GOPROXY entry or the checksum database. */
  role: 'proxy' | 'sumdb';
  /** Redacted URL that was requested. */
  url: string;
  host: string;
  port: number;
  /** Proxy (HTTPS_PROXY/HTTP_PROXY, redacted) the request went through, if any. */
  via: string | null;
  /** 'ok' when it answered; otherwise the phase that failed. */
  phase: ProbePhase;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface NetworkProbeFacts {
  results: ProbeResult[];
  /** Why probing was skipped (offline, no go env, GOPROXY unusable). */
  skipped: string | null;
}

export interface FactsSnapshot {
  schemaVersion: typeof FACTS_SCHEMA_VERSION;
  tool: { name: 'gotune'; version: string };
  gatheredAt: string;
  platform: PlatformFacts;
  user: UserFacts;
  /** Relevant process-environment variables only (Go*, PATH, HOME, XDG_*, proxies, certs), redacted. */
  env: Record<string, string>;
  path: PathFacts;
  goBinaries: GoBinary[];
  goEnv: GoEnvFacts | null;
  settings: Record<string, SettingFact>;
  envFile: EnvFileFacts;
  gorootGoEnv: GorootGoEnvFacts;
  shellStartup: ShellStartupFacts;
  mounts: MountFacts;
  versionManagers: VersionManagerFacts[];
  goTrees: GoTreeCandidate[];
  project: ProjectFacts;
  tools: ToolBinaryFacts[];
  goroot?: GorootFacts | null;
  /** Quick, budgeted look at GOMODCACHE and GOCACHE (GT501–GT504). */
  modcache?: ModcacheFacts | null;
  gocache?: GocacheFacts | null;
  /** Gatherer errors and timings. */
  gatherErrors: GatherError[];
  timings: Record<string, number>;
  /** Whether online gathering was allowed. */
  online: boolean;
  /** netrc and certificate files (src/facts/credentials.ts). */
  credentials?: CredentialFacts | null;
  /** Reachability of GOPROXY entries and the checksum database; gathered only when online. */
  networkProbe?: NetworkProbeFacts | null;
}
