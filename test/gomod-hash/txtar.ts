// Minimal txtar reader for the golang.org/x/mod/zip create fixtures.
export interface Txtar {
  comment: string;
  files: Map<string, string>;
}

export function parseTxtar(text: string): Txtar {
  const files = new Map<string, string>();
  const marker = /^-- (.+) --$/;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let comment = '';
  let current: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (current !== undefined) files.set(current, body.map((l) => l + '\n').join(''));
  };
  for (const line of lines) {
    const m = marker.exec(line);
    if (m) {
      flush();
      current = m[1]!;
      body = [];
    } else if (current === undefined) {
      comment += line + '\n';
    } else {
      body.push(line);
    }
  }
  flush();
  return { comment, files };
}
