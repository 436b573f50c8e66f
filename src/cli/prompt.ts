import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Reads one line: typed without echo on a terminal, or the first line of piped input. */
export async function readSecret(question: string): Promise<string> {
  const interactive = process.stdin.isTTY;
  if (interactive) process.stderr.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: interactive });
  try {
    for await (const line of reader) return line;
    return '';
  } finally {
    reader.close();
    if (interactive) process.stderr.write('\n');
  }
}
