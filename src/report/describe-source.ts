import type { SettingFact } from '../facts/types.ts';
import type { SourceRef } from '../engine/types.ts';

/** "~/.bashrc:12" — paths under HOME shortened for reading. */
export function shortPath(p: string, home: string | null): string {
  if (home && (p === home || p.startsWith(home + '/'))) return '~' + p.slice(home.length);
  return p;
}

export function describeSettingSource(s: SettingFact, envFilePath: string | null, gorootEnvPath: string | null, home: string | null): string {
  switch (s.source) {
    case 'env': {
      const shell = s.shellSources[0];
      return shell ? `environment (exported by ${shortPath(shell.file, home)}:${shell.line})` : 'environment';
    }
    case 'env-file': return `go env -w file ${envFilePath ? shortPath(envFilePath, home) : ''}${s.envFileLine ? `:${s.envFileLine}` : ''}`.trim();
    case 'goroot-go.env': return `${gorootEnvPath ? shortPath(gorootEnvPath, home) : '$GOROOT/go.env'}`;
    case 'default': return 'default';
    default: return s.source;
  }
}

export function describeSourceRef(r: SourceRef, home: string | null): string {
  if (r.file && r.line) return `${r.description} (${shortPath(r.file, home)}:${r.line}${r.column ? `:${r.column}` : ''})`;
  return r.description;
}
