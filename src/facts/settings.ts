import type { EnvFileFacts, GorootGoEnvFacts, SettingFact, SettingSourceKind, ShellAssignment } from './types.ts';
import { ENV_FILE_REFUSED_KEYS } from './env-file.ts';

/** Go variables whose source gotune tracks. */
export const TRACKED_SETTINGS = [
  'GOROOT', 'GOPATH', 'GOMODCACHE', 'GOCACHE', 'GOBIN', 'GOFLAGS', 'GOPROXY', 'GOSUMDB', 'GONOPROXY',
  'GONOSUMDB', 'GOPRIVATE', 'GOINSECURE', 'GOVCS', 'GOAUTH', 'GOTOOLCHAIN', 'GO111MODULE', 'GOTMPDIR',
  'GOENV', 'GOOS', 'GOARCH', 'GODEBUG', 'GOTELEMETRY', 'CGO_ENABLED', 'GOEXPERIMENT', 'GOWORK',
] as const;

/** Variables whose `go env -w` file entries the go command never reads (see env-file.ts). */
export const ENV_FILE_FORBIDDEN: ReadonlySet<string> = ENV_FILE_REFUSED_KEYS;

/**
 * Decides where each setting comes from, following cmd/go/internal/cfg (Getenv, initEnvCache,
 * readEnvFile): a non-empty process environment value wins; otherwise the value the go command
 * loaded into its env cache, where a key present in the `go env -w` file — even with an empty
 * value — hides the same key in $GOROOT/go.env (go.env never overwrites a user-file key, and
 * cannot set GOROOT); otherwise the built-in default. An empty value from the file behaves as
 * unset for the built-in default: `go env -w GOPROXY=` leaves GOPROXY empty, not go.env's value.
 * Shell startup files that assign the live value are attached.
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
    const gorootEntry = name === 'GOROOT' || ENV_FILE_FORBIDDEN.has(name) ? undefined : gorootMap.get(name);
    let source: SettingSourceKind;
    if (envValue !== null) source = 'env';
    else if (fileEntry) source = fileEntry.value !== '' ? 'env-file' : 'default';
    else if (gorootEntry && gorootEntry.value !== '') source = 'goroot-go.env';
    else source = 'default';
    const shellSources = envValue === null ? [] : assignments
      .filter((a) => a.variable === name && (a.expanded === envValue || a.value === envValue))
      .map((a) => ({ file: a.file, line: a.line }));
    const cached = fileEntry ? fileEntry.value : gorootEntry?.value;
    out[name] = {
      name,
      value: goEnvValues[name] ?? envValue ?? cached ?? null,
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
