// Unified diffs for the preview, in the format `diff -u` and git print, so users read them the
// way they read every other patch.

interface Line {
  text: string;
  /** The file's last line, without a line feed after it. */
  noEol: boolean;
}

function splitLines(data: Buffer): Line[] {
  if (data.length === 0) return [];
  const parts = data.toString('utf8').split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((text, i) => ({ text: text.endsWith('\r') ? text.slice(0, -1) : text, noEol: !endsWithNewline && i === parts.length - 1 }));
}

type Op = { kind: ' ' | '-' | '+'; line: Line };

const key = (l: Line) => (l.noEol ? `${l.text}\u0000` : l.text);

/** Myers' O(ND) shortest edit script over lines (common prefix and suffix trimmed first). */
function diffLines(a: Line[], b: Line[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && key(a[start]!) === key(b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && key(a[endA - 1]!) === key(b[endB - 1]!)) { endA--; endB--; }
  const A = a.slice(start, endA).map(key);
  const B = b.slice(start, endB).map(key);
  const n = A.length;
  const m = B.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && A[x] === B[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  // Walk back through the saved frontiers.
  const middle: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { middle.push({ kind: ' ', line: a[start + x - 1]! }); x--; y--; }
    if (d > 0) {
      if (x === prevX) middle.push({ kind: '+', line: b[start + y - 1]! });
      else middle.push({ kind: '-', line: a[start + x - 1]! });
    }
    x = prevX;
    y = prevY;
  }
  middle.reverse();
  return [
    ...a.slice(0, start).map((line) => ({ kind: ' ' as const, line })),
    ...middle,
    ...a.slice(endA).map((line) => ({ kind: ' ' as const, line })),
  ];
}

export interface DiffOptions {
  /** Label of the old side ("/dev/null" for a new file). */
  oldLabel: string;
  newLabel: string;
  context?: number;
}

/** A unified diff of two versions of a file; empty string when they are equal. */
export function unifiedDiff(before: Buffer, after: Buffer, opts: DiffOptions): string {
  if (before.equals(after)) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  const ctx = opts.context ?? 3;
  const out: string[] = [`--- ${opts.oldLabel}`, `+++ ${opts.newLabel}`];
  // Positions of each op in the old and new files.
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    posA.push(ia);
    posB.push(ib);
    if (op.kind !== '+') ia++;
    if (op.kind !== '-') ib++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.kind === ' ') { i++; continue; }
    let hs = Math.max(0, i - ctx);
    let he = i;
    // Extend the hunk while the next change is within 2*ctx unchanged lines.
    for (;;) {
      while (he < ops.length && ops[he]!.kind !== ' ') he++;
      let next = he;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - he <= 2 * ctx) { he = next; continue; }
      he = Math.min(ops.length, he + ctx);
      break;
    }
    const hunk = ops.slice(hs, he);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    const oldStart = oldCount ? posA[hs]! + 1 : posA[hs]!;
    const newStart = newCount ? posB[hs]! + 1 : posB[hs]!;
    out.push(`@@ -${oldStart}${oldCount === 1 ? '' : `,${oldCount}`} +${newStart}${newCount === 1 ? '' : `,${newCount}`} @@`);
    for (const op of hunk) {
      out.push(`${op.kind}${op.line.text}`);
      if (op.line.noEol) out.push('\\ No newline at end of file');
    }
    i = he;
    hs = he;
  }
  return out.join('\n') + '\n';
}
