// gotune as a library: gather facts, run the checks, and the Go module formats library.
export { gatherFacts, type GatherOptions } from './facts/gather.ts';
export type { FactsSnapshot } from './facts/types.ts';
export { loadFacts } from './facts/load.ts';
export { allChecks, findCheck } from './checks/index.ts';
export { runChecks, summarize, exitCodeFor, type RunOptions, type Summary } from './engine/runner.ts';
export { defineCheck } from './engine/define.ts';
export type { CheckDefinition, Finding, FixSpec, Severity, Threshold } from './engine/types.ts';
export * as gomod from './gomod/index.ts';
