// GOAUTH (Go 1.24+), parsed like cmd/go/internal/auth (runGoAuth): `;`-separated commands —
// `off`, `netrc`, `git <absolute dir>`, or a user command — with the go command's own errors.

export interface GoauthCommand {
  kind: 'off' | 'netrc' | 'git' | 'command';
  /** The command as written, trimmed. */
  text: string;
  words: string[];
  /** For `git`: the directory. */
  dir?: string;
}

export interface GoauthProblem {
  /** The go command's message. */
  message: string;
  /** Only known when the go command runs it (stat of the git directory, the user command). */
  needsFilesystem?: boolean;
  command: string | null;
}

export interface GoauthParseResult {
  commands: GoauthCommand[];
  problems: GoauthProblem[];
}

export const DEFAULT_GOAUTH = 'netrc';

function isAbs(p: string, windows: boolean): boolean {
  if (windows) return /^[A-Za-z]:[\\/]/.test(p) || /^[\\/]{2}[^\\/]+[\\/]/.test(p);
  return p.startsWith('/');
}

/** Parses GOAUTH. `dirInfo` (optional) tells whether a `git` directory exists and is a directory. Never throws. */
export function parseGoauth(value: string, opts: { windows?: boolean; dirInfo?: (dir: string) => 'dir' | 'file' | 'missing' } = {}): GoauthParseResult {
  const out: GoauthParseResult = { commands: [], problems: [] };
  if (value === '') value = DEFAULT_GOAUTH; // an empty GOAUTH means the default
  const parts = value.split(';');
  // The go command walks the list in reverse, so the last broken entry is the one it reports first.
  for (const part of parts) {
    const text = part.trim();
    const words = text.split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      out.problems.push({ message: `go: GOAUTH encountered an empty command (GOAUTH=${value})`, command: null });
      continue;
    }
    const w0 = words[0]!;
    if (w0 === 'off') {
      out.commands.push({ kind: 'off', text, words });
      if (parts.length !== 1) out.problems.push({ message: `go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${value})`, command: text });
    } else if (w0 === 'netrc') {
      out.commands.push({ kind: 'netrc', text, words });
    } else if (w0 === 'git') {
      const dir = words[1];
      out.commands.push({ kind: 'git', text, words, ...(dir !== undefined ? { dir } : {}) });
      if (words.length !== 2 || dir === undefined) {
        out.problems.push({ message: 'go: GOAUTH=git dir method requires an absolute path to the git working directory', command: text });
      } else if (!isAbs(dir, !!opts.windows)) {
        out.problems.push({ message: 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute', command: text });
      } else if (opts.dirInfo) {
        const k = opts.dirInfo(dir);
        if (k === 'missing') out.problems.push({ message: `go: GOAUTH=git encountered an error; cannot stat ${dir}: stat ${dir}: no such file or directory`, command: text, needsFilesystem: true });
        else if (k === 'file') out.problems.push({ message: 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory', command: text, needsFilesystem: true });
      }
    } else {
      out.commands.push({ kind: 'command', text, words });
    }
  }
  return out;
}
