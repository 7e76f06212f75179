import type { Command } from 'commander';
import { findCheck } from '../checks/index.ts';
import { getDocPage } from '../docs/pages.ts';
import { UsageError } from './errors.ts';

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('print the documentation of a check')
    .argument('<check>', 'check ID (GT104) or name (goroot-mismatch)')
    .action((id: string) => {
      const check = findCheck(id);
      if (!check) throw new UsageError(`unknown check ${JSON.stringify(id)} (see gotune doctor --list-checks)`);
      const page = getDocPage(check.id);
      if (!page) throw new UsageError(`${check.id} has no documentation page`);
      process.stdout.write(page.body.replace(/^\n+/, ''));
    });
}
