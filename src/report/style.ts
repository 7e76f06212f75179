import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour only on a TTY; NO_COLOR disables and FORCE_COLOR enables, as the conventions say. */
export function colorEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if ('NO_COLOR' in env && env['NO_COLOR'] !== undefined) return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return !!stream.isTTY && env['TERM'] !== 'dumb';
}

export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
