import type { EnvFileFacts, GorootGoEnvFacts, SettingFact, SettingSourceKind, ShellAssignment } from './types.ts';

/** Go variables whose source gotune tracks. */
export const TRACKED_SETTINGS = [
  'GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GONOPROXY',
  'GONOSUMDB', 'GOPRIVATE', 'GOINSECURE', 'GOVCS', 'GOAUTH', 'GOTOOLCHAIN', 'GO111MODULE', 'GOTMPDIR',
  'GOENV', 'GOOS', 'GOARCH', 'GODEBUG', 'GOTELEMETRY', 'CGO_ENABLED', 'GOEXPERIMENT', 'GOWORK',
] as const;

/** Variables `go env -w` may not set; their file entries are ignored by the go command. */
export const ENV_FILE_FORBIDDEN = new Set(['GOENV', 'GODEBUG']);

/**
 * Decides where each setting comes from, following cmd/go/internal/cfg: a non-empty process
 * environment value wins; then the `go env -w` file; then $GOROOT/go.env (which cannot set GOROOT);
 * otherwise the built-in default. Shell startup files that assign the live value are attached.
 */
export function resolveSettings(
  goEnvValues: Record<string, string>,
  env: Record<string, string>,
  envFile: EnvFileFacts,
  gorootGoEnv: GorootGoEnvFacts,
  assignments: ShellAssignment[],
): Record<string, SettingFact> {
  const fileMap = new Map(envFile.entries.map((e) => [e.key, e]));
  const gorootMap = new Map(gorootGoEnv.entries.map((e) => [e.key, e]));
  const out: Record<string, SettingFact> = {};
  for (const name of TRACKED_SETTINGS) {
    const raw = env[name];
    const envValue = raw !== undefined && raw !== '' ? raw : null;
    const fileEntry = ENV_FILE_FORBIDDEN.has(name) ? undefined : fileMap.get(name);
    const gorootEntry = name === 'GOROOT' ? undefined : gorootMap.get(name);
    let source: SettingSourceKind;
    if (envValue !== null) source = 'env';
    else if (fileEntry && fileEntry.value !== '') source = 'env-file';
    else if (gorootEntry && gorootEntry.value !== '') source = 'goroot-go.env';
    else source = 'default';
    const shellSources = envValue === null ? [] : assignments
      .filter((a) => a.variable === name && (a.expanded === envValue || a.value === envValue))
      .map((a) => ({ file: a.file, line: a.line }));
    out[name] = {
      name,
      value: goEnvValues[name] ?? envValue ?? fileEntry?.value ?? gorootEntry?.value ?? null,
      source,
      envValue,
      envEmpty: raw === '',
      envFileValue: fileEntry?.value ?? null,
      envFileLine: fileEntry?.line ?? null,
      gorootEnvValue: gorootEntry?.value ?? null,
      shellSources,
    };
  }
  return out;
}

/** Which process-environment variables a snapshot keeps (everything else is private to the user). */
export function isRelevantEnvVar(name: string): boolean {
  return /^(GO[A-Z0-9_]*|CGO_[A-Z_]+|PATH|HOME|USERPROFILE|SHELL|XDG_[A-Z_]+|APPDATA|AppData|LOCALAPPDATA|LocalAppData|(?:HTTPS?|ALL|NO)_PROXY|(?:https?|all|no)_proxy|SSL_CERT_(?:FILE|DIR)|NETRC|GIT_[A-Z_]*|WSL_DISTRO_NAME|WSL_INTEROP|CI|GITHUB_ACTIONS|GITLAB_CI|ASDF_[A-Z_]+|MISE_[A-Z_]+|GOENV_[A-Z_]+|GVM_[A-Z_]+|SDKMAN_[A-Z_]+|HOMEBREW_PREFIX|TMPDIR|CC|CXX)$/.test(name);
}
