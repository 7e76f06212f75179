import type { Command } from 'commander';

/** `gotune fix` (preview, apply, undo). Placeholder until the fix engine lands. */
export function registerFix(_program: Command): void {}
