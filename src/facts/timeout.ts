import type { GatherError } from './types.ts';

/**
 * Runs a gatherer with a deadline; on timeout or exception returns the fallback and records why.
 * Gatherers therefore never throw and never hold up the whole diagnosis.
 */
export async function gatherWithTimeout<T>(
  name: string,
  ms: number,
  fn: () => Promise<T> | T,
  fallback: () => T,
  errors: GatherError[],
  timings: Record<string, number>,
): Promise<T> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<{ timeout: true }>((resolve) => {
      timer = setTimeout(() => resolve({ timeout: true }), ms);
    });
    const result = await Promise.race([Promise.resolve().then(fn).then((v) => ({ value: v })), timeout]);
    if ('timeout' in result) {
      errors.push({ gatherer: name, message: `timed out after ${ms} ms`, timedOut: true });
      return fallback();
    }
    return result.value;
  } catch (e) {
    errors.push({ gatherer: name, message: e instanceof Error ? e.message : String(e) });
    return fallback();
  } finally {
    clearTimeout(timer);
    timings[name] = Math.round((performance.now() - started) * 100) / 100;
  }
}
