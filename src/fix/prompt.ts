// Asking the user, fix by fix, on a terminal. Only used when stdin and stdout are terminals and
// CI is not set; everything else goes through --yes.
import { createInterface } from 'node:readline/promises';
import type { FixRequest } from './apply.ts';
import { isAutomatable, toRequest, type FixableFinding } from './plan.ts';
import { renderFixable, type Colors } from './render.ts';

export interface Asker {
  /** Prints the question and resolves with the answer line; null at end of input. */
  ask(question: string): Promise<string | null>;
  close(): void;
}

export function terminalAsker(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Asker {
  const rl = createInterface({ input, output, terminal: true });
  // Answers typed ahead (or pasted) arrive before their question: queue them instead of losing them.
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let closed = false;
  rl.on('line', (line) => {
    if (waiting) { const w = waiting; waiting = null; w(line); } else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    if (waiting) { const w = waiting; waiting = null; w(null); }
  });
  return {
    ask(question) {
      output.write(question);
      const queued = lines.shift();
      if (queued !== undefined) { output.write(`${queued}\n`); return Promise.resolve(queued); }
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => { waiting = resolve; });
    },
    close() { rl.close(); },
  };
}

/** Whether gotune may ask questions: both ends are terminals and this is not CI. */
export function canPrompt(env: Record<string, string | undefined>, stdinTTY: boolean, stdoutTTY: boolean): boolean {
  const ci = env['CI'];
  return stdinTTY && stdoutTTY && !(ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false');
}

export interface InteractiveSelection {
  requests: FixRequest[];
  declined: FixableFinding[];
}

/**
 * Shows each fix and asks. Answers: y (apply), n (skip), a (apply this and every remaining safe
 * fix; suggestions and choices are still asked), q (stop asking; apply what was accepted).
 */
export async function askForFixes(items: readonly FixableFinding[], asker: Asker, write: (s: string) => void, c: Colors, home: string | null): Promise<InteractiveSelection> {
  const requests: FixRequest[] = [];
  const declined: FixableFinding[] = [];
  let allSafe = false;
  let quit = false;
  for (const [n, item] of items.entries()) {
    if (quit) { declined.push(item); continue; }
    if (allSafe && item.kind === 'safe') { requests.push(toRequest(item)); continue; }
    write(`\n${renderFixable(item, c, home, n + 1)}\n`);
    if (item.kind === 'choice') {
      const choices = item.fix.choices!;
      for (;;) {
        const a = await asker.ask(`Choose 1-${choices.length}, s to skip, q to stop: `);
        if (a === null) { quit = true; declined.push(item); break; }
        const t = a.trim().toLowerCase();
        if (t === 's' || t === 'n' || t === '') { declined.push(item); break; }
        if (t === 'q') { quit = true; declined.push(item); break; }
        const k = Number.parseInt(t, 10);
        if (Number.isInteger(k) && k >= 1 && k <= choices.length && String(k) === t) {
          if (!isAutomatable(choices[k - 1]!.fix)) { write('That alternative is manual: do it by hand as described above.\n'); declined.push(item); break; }
          requests.push(toRequest(item, k - 1));
          break;
        }
        write(`Please answer with a number from 1 to ${choices.length}, s or q.\n`);
      }
      continue;
    }
    const label = item.kind === 'suggestion' ? 'Apply this suggestion?' : 'Apply this fix?';
    for (;;) {
      const a = await asker.ask(`${label} [y]es, [n]o, [a]ll safe fixes, [q]uit: `);
      if (a === null) { quit = true; declined.push(item); break; }
      const t = a.trim().toLowerCase();
      if (t === 'y' || t === 'yes') { requests.push(toRequest(item)); break; }
      if (t === 'n' || t === 'no' || t === '') { declined.push(item); break; }
      if (t === 'a' || t === 'all') { requests.push(toRequest(item)); allSafe = true; break; }
      if (t === 'q' || t === 'quit') { quit = true; declined.push(item); break; }
      write('Please answer y, n, a or q.\n');
    }
  }
  return { requests, declined };
}
