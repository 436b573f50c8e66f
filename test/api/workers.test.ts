import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePorts } from '../support/ports.js';
import { postgresMissing, throwAwayPostgres } from '../support/test-server.js';

const run = promisify(execFile);
const TESSERA = ['--import', 'tsx', 'src/cli/main.ts', 'serve'];

/** The processes whose parent is `pid`. */
async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter(Boolean);
}

async function answers(url: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/ReadPasswordPolicy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }).catch(() => undefined);
  return response?.status ?? 0;
}

describe('several processes (TESSERA_WORKERS)', () => {
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const child of started) child.kill('SIGKILL');
  });

  it('is refused on the embedded SQLite database, with one sentence', async () => {
    const failure = await run(process.execPath, TESSERA, {
      env: { ...process.env, TESSERA_WORKERS: '2', DATABASE_URL: '', TESSERA_DATA_DIR: '/tmp/tessera-workers-refused' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr).toBe(
      'tessera: TESSERA_WORKERS=2 needs PostgreSQL (DATABASE_URL): the embedded SQLite file belongs to one process.\n',
    );
  });

  it.skipIf(postgresMissing !== undefined)(
    'on PostgreSQL, two workers serve one port; one that dies is replaced; SIGTERM stops them all',
    async () => {
      const database = await throwAwayPostgres();
      const [port] = await freePorts(1);
      const url = `http://127.0.0.1:${port}`;
      const primary = spawn(process.execPath, TESSERA, {
        env: {
          ...process.env,
          TESSERA_WORKERS: '2',
          DATABASE_URL: database.url,
          TESSERA_PORT: String(port),
          TESSERA_LOG_LEVEL: 'silent',
        },
        stdio: 'ignore',
      });
      started.push(primary);
      try {
        await expect.poll(() => childrenOf(primary.pid!), { timeout: 20_000 }).toHaveLength(2);
        await expect.poll(() => answers(url), { timeout: 20_000 }).toBe(200);
        const [first, second] = await childrenOf(primary.pid!);
        process.kill(first!, 'SIGKILL');
        // The other worker goes on serving meanwhile, and a new one takes the place of the first.
        expect(await answers(url)).toBe(200);
        await expect
          .poll(async () => (await childrenOf(primary.pid!)).filter((pid) => pid !== first), { timeout: 20_000 })
          .toEqual([second, expect.any(Number)]);
        const exited = new Promise<number | null>((resolve) => primary.once('exit', resolve));
        primary.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(await answers(url)).toBe(0);
      } finally {
        primary.kill('SIGKILL');
        await database.drop();
      }
    },
    60_000,
  );
});
