import type { ShellStartupFacts } from './types.ts';

export interface ShellStartupOptions {
  home: string | null;
  os: string;
  /** Root for system files (/etc); tests point it at a fixture tree. */
  etcDir: string;
  env: Record<string, string | undefined>;
}

/** Shell startup files and the Go settings they make. (Placeholder: filled in by the shell-startup gatherer.) */
export function gatherShellStartup(_opts: ShellStartupOptions): ShellStartupFacts {
  return { files: [], assignments: [], goEnvWrites: [], pathAdditions: [] };
}
