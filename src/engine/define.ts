import { FAMILIES, type CheckDefinition } from './types.ts';

const ID_RE = /^GT[1-9]\d\d$/;
const NAME_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Declares a check; validates its metadata at load time so a malformed check fails fast. */
export function defineCheck(def: Omit<CheckDefinition, 'docs'> & { docs?: string }): CheckDefinition {
  if (!ID_RE.test(def.id)) throw new Error(`check id ${JSON.stringify(def.id)} is not GTnnn`);
  if (!NAME_RE.test(def.name)) throw new Error(`check ${def.id}: name ${JSON.stringify(def.name)} is not kebab-case`);
  const fam = FAMILIES[def.family];
  if (!fam) throw new Error(`check ${def.id}: unknown family ${def.family}`);
  if (Number(def.id[2]) !== fam.hundreds) throw new Error(`check ${def.id}: family ${def.family} wants GT${fam.hundreds}xx`);
  return Object.freeze({ ...def, docs: def.docs ?? `docs/checks/${def.id}.md` });
}
