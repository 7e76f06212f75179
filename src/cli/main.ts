import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.ts';
import { UsageError, EXIT_USAGE } from './errors.ts';
import { registerDoctor } from './doctor.ts';
import { registerExplain } from './explain.ts';
import { registerFix } from './fix.ts';
import { registerCache } from './cache.ts';
import { registerTrace } from './trace.ts';

export function buildProgram(): Command {
  const program = new Command('gotune')
    .description('Diagnose, measure and fix the environment of the Go toolchain.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  registerDoctor(program);
  registerExplain(program);
  registerFix(program);
  registerTrace(program);
  registerCache(program);
  return program;
}

export { Option };

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // `gotune` alone, or `gotune -v` / `gotune --json`, runs doctor.
  const args = argv.slice(2);
  const known = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  const first = args.find((a) => !a.startsWith('-'));
  const wantsTop = args.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version');
  if (!wantsTop && (first === undefined || !known.has(first))) {
    argv = [...argv.slice(0, 2), 'doctor', ...args];
  }
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_USAGE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`gotune: ${e.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`gotune: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return EXIT_USAGE;
  }
}
