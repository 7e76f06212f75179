import type { CheckDefinition } from '../engine/types.ts';
import { toolchainChecks } from './toolchain/index.ts';
import { pathsChecks } from './paths/index.ts';
import { networkChecks } from './network/index.ts';
import { sourcesChecks } from './sources/index.ts';
import { cacheChecks } from './cache/index.ts';
import { filesChecks } from './files/index.ts';

/** Every registered check, in ID order. */
export const allChecks: readonly CheckDefinition[] = [
  ...toolchainChecks,
  ...pathsChecks,
  ...networkChecks,
  ...sourcesChecks,
  ...cacheChecks,
  ...filesChecks,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // plain code-unit order: the first localeCompare loads ICU's collator, ~8 ms of every start-up

export function findCheck(idOrName: string): CheckDefinition | undefined {
  const k = idOrName.toUpperCase();
  return allChecks.find((c) => c.id === k || c.name.toUpperCase() === k);
}
