import type { FactsSnapshot } from '../facts/types.ts';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
export type Threshold = Severity | 'never';

export type Family = 'toolchain' | 'paths' | 'network' | 'sources' | 'cache' | 'files';
export const FAMILIES: Record<Family, { title: string; hundreds: number }> = {
  toolchain: { title: 'Which Go runs', hundreds: 1 },
  paths: { title: 'Paths and storage', hundreds: 2 },
  network: { title: 'Module download and network', hundreds: 3 },
  sources: { title: 'Where settings come from', hundreds: 4 },
  cache: { title: 'Module and build cache', hundreds: 5 },
  files: { title: 'Project files', hundreds: 6 },
};

/** Where a value or a problem comes from. */
export interface SourceRef {
  kind:
    | 'env'
    | 'env-file'
    | 'goroot-go.env'
    | 'default'
    | 'shell-startup'
    | 'project-file'
    | 'path'
    | 'filesystem'
    | 'go-command'
    | 'version-manager'
    | 'toolchain-switch'
    | 'computed';
  file?: string;
  line?: number;
  column?: number;
  /** Human description, e.g. "process environment", "~/.bashrc:12". */
  description: string;
}

/** A text edit against a file's original bytes. */
export interface FileEdit {
  file: string;
  /** Byte offset into the original file. */
  offset: number;
  /** Number of original bytes replaced. */
  length: number;
  newText: string;
}

export interface FileChange {
  file: string;
  /** sha256 (hex) of the bytes the edits were computed against; the fix is skipped if it changed. */
  originalSha256: string;
  edits: FileEdit[];
  /** Create the file if it does not exist (originalSha256 is then the hash of the empty string). */
  create?: boolean;
}

export interface CommandAction {
  argv: string[];
  /** Extra environment for the command (e.g. GOENV) — never secrets. */
  env?: Record<string, string>;
  description: string;
}

export interface FixSpec {
  description: string;
  /** Safe fixes may be applied with --yes; the others are suggestions shown with the finding. */
  safe: boolean;
  files?: FileChange[];
  commands?: CommandAction[];
  /** Manual steps when nothing can be automated. */
  manual?: string;
  /** When the right fix depends on the user's intent: alternatives offered on a TTY (never applied by --yes alone). */
  choices?: { label: string; fix: FixSpec }[];
}

export interface FindingInput {
  message: string;
  /** Overrides the check's default severity for this finding. */
  severity?: Severity;
  found?: string;
  expected?: string;
  source?: SourceRef | SourceRef[];
  /** How to fix it, in words (always present in output; may be derived from fix.description). */
  hint?: string;
  fix?: FixSpec;
  /** Extra machine-readable data. */
  data?: Record<string, unknown>;
}

export interface Finding {
  id: string;
  name: string;
  family: Family;
  severity: Severity;
  message: string;
  found: string | null;
  expected: string | null;
  source: SourceRef[];
  hint: string | null;
  fix: FixSpec | null;
  data: Record<string, unknown> | null;
  suppressed: { reason: string; by: string } | null;
}

export interface CheckContext {
  report(finding: FindingInput): void;
}

export interface CheckMeta {
  id: string;
  name: string;
  family: Family;
  severity: Severity;
  /** One line: what the check looks for. */
  summary: string;
  fixable: boolean;
  /** Needs the network (runs only with --online). */
  online?: boolean;
  /** Path of the doc page relative to the repository root. */
  docs: string;
}

export interface CheckDefinition extends CheckMeta {
  run(facts: FactsSnapshot, ctx: CheckContext): void | Promise<void>;
}

export interface CheckResult {
  id: string;
  name: string;
  family: Family;
  status: 'ok' | 'findings' | 'skipped' | 'crashed' | 'timeout';
  durationMs: number;
  findings: Finding[];
  skippedReason?: string;
}
