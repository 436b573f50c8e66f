import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads one line per question: typed without echo on a terminal, or the next lines of piped
 * input. One reader serves every question, so that piped lines are not lost between them.
 */
export async function readSecrets(questions: string[]): Promise<string[]> {
  const interactive = process.stdin.isTTY;
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: interactive });
  const answers: string[] = [];
  try {
    const lines = reader[Symbol.asyncIterator]();
    for (const question of questions) {
      if (interactive) process.stderr.write(question);
      const next = await lines.next();
      if (interactive) process.stderr.write('\n');
      answers.push(next.done ? '' : next.value);
    }
    return answers;
  } finally {
    reader.close();
  }
}
