import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
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

/**
 * The status of one request on a connection of its own, 0 if none answers: a kept-alive
 * connection may belong to the worker the test just killed.
 */
function answers(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = httpRequest(
      `${url}/api/v1/ReadPasswordPolicy`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', () => resolve(0));
    request.setTimeout(5_000, () => request.destroy());
    request.end('{}');
  });
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
          TESSERA_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      started.push(primary);
      // Each worker says when it listens: a worker forked is not yet one that serves.
      let log = '';
      primary.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const listening = () => log.split('Server listening at').length - 1;
      try {
        await expect.poll(listening, { timeout: 20_000 }).toBe(2);
        expect(await answers(url)).toBe(200);
        const [first, second] = await childrenOf(primary.pid!);
        process.kill(first!, 'SIGKILL');
        // Once the primary knows (it reaped the dead one; connections it handed over just before
        // are lost with it), the other worker goes on serving, and a new one takes the first's place.
        await expect.poll(async () => (await childrenOf(primary.pid!)).includes(first!)).toBe(false);
        expect(await answers(url)).toBe(200);
        await expect.poll(listening, { timeout: 20_000 }).toBe(3);
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

  it.skipIf(postgresMissing !== undefined)(
    "the metrics port answers with every worker's requests counted once",
    async () => {
      const database = await throwAwayPostgres();
      const [port, metricsPort] = await freePorts(2);
      const url = `http://127.0.0.1:${port}`;
      const primary = spawn(process.execPath, TESSERA, {
        env: {
          ...process.env,
          TESSERA_WORKERS: '2',
          DATABASE_URL: database.url,
          TESSERA_PORT: String(port),
          TESSERA_METRICS_PORT: String(metricsPort),
          TESSERA_LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      started.push(primary);
      let log = '';
      primary.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      try {
        await expect.poll(() => log.split('Server listening at').length - 1, { timeout: 20_000 }).toBe(2);
        // A connection each: node:cluster hands them to both workers.
        for (let i = 0; i < 20; i++) expect(await answers(url)).toBe(200);
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(text).toContain('tessera_requests_total{call="ReadPasswordPolicy",interface="none",status="200"} 20');
        // What the database holds is said once, not once per worker.
        expect(text).toMatch(/^tessera_pending_operations 0$/m);
      } finally {
        primary.kill('SIGKILL');
        await database.drop();
      }
    },
    60_000,
  );
});
