// Which go runs and where a Go setting came from, as the toolchain checks describe them.
import type { FactsSnapshot, GoBinary, SettingFact } from '../../facts/types.ts';
import type { SourceRef } from '../../engine/types.ts';
import { versionOfGoVersion } from './gover.ts';
import { settingSources as sharedSettingSources } from '../paths/setting-edits.ts';

/** The go that wins on PATH (the first executable one), as the shell and gotune run it. */
export function winningGo(facts: FactsSnapshot): GoBinary | null {
  if (facts.goEnv?.binary) {
    const hit = facts.goBinaries.find((b) => b.path === facts.goEnv!.binary);
    if (hit) return hit;
  }
  return facts.goBinaries.find((b) => b.executable) ?? null;
}

/**
 * The release of the go binary itself ("1.26.8"), before any toolchain switch: its tree's
 * VERSION file or its build info; GOVERSION from `go env` only when it did not switch.
 */
export function localGoVersion(facts: FactsSnapshot): string | null {
  const w = winningGo(facts);
  const own = versionOfGoVersion(w?.builtWith ?? null) ?? versionOfGoVersion(w?.version ?? null);
  if (own) return own;
  if (facts.goroot?.moduleCacheToolchain) return null;
  return versionOfGoVersion(facts.goEnv?.values['GOVERSION']);
}

/** The release that `go env` reports running (after a switch, the switched-to one). */
export function reportedGoVersion(facts: FactsSnapshot): string | null {
  return versionOfGoVersion(facts.goEnv?.values['GOVERSION']) ?? localGoVersion(facts);
}

/** Where a setting's effective value came from, most specific first (the same wording in every family). */
export function settingSources(facts: FactsSnapshot, s: SettingFact | undefined): SourceRef[] {
  return s ? sharedSettingSources(facts, s) : [{ kind: 'computed', description: 'unknown' }];
}

/**
 * "/usr/local/go/" and "/usr/local/go" are the same tree; Windows paths compare case-insensitively.
 * Not shared-paths.ts samePath, which also collapses ".", ".." and doubled separators (and takes the
 * platform first): GT102-GT104 and GT109 judge paths as they are spelled, and switching would change
 * which GOROOTs count as the binary's own, so merging the two is a decision about behaviour.
 */
export function samePathAsSpelled(a: string | null | undefined, b: string | null | undefined, os: string): boolean {
  if (!a || !b) return false;
  const norm = (p: string) => {
    let x = p.length > 1 ? p.replace(/[/\\]+$/, '') : p;
    if (os === 'windows') x = x.replace(/\//g, '\\').toLowerCase();
    return x;
  };
  return norm(a) === norm(b);
}

/** `child` is `parent` or inside it. */
export function isInsideAsSpelled(child: string, parent: string, os: string): boolean {
  if (samePathAsSpelled(child, parent, os)) return true;
  const sep = os === 'windows' ? /[/\\]/ : /\//;
  const c = os === 'windows' ? child.toLowerCase() : child;
  const p = (os === 'windows' ? parent.toLowerCase() : parent).replace(/[/\\]+$/, '');
  return c.startsWith(p) && sep.test(c.charAt(p.length));
}

export function describeBinary(b: GoBinary): string {
  const v = b.version ?? 'version unknown';
  const via = b.realPath && b.realPath !== b.path ? ` -> ${b.realPath}` : '';
  const mgr = b.manager ? `, ${b.manager}` : '';
  return `${b.path}${via} (${v}${mgr})`;
}
