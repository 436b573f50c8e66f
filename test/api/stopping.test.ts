import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, uniqueEmail } from '../support/api-client.js';
import { freePorts } from '../support/ports.js';
import { ENGINES, throwAwayPostgres } from '../support/test-server.js';

/** /health/ready's status and body, or undefined when nothing answers. */
async function ready(url: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const response = await fetch(`${url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** A POST whose body is sent in two parts: in flight from its first part until it is answered. */
function requestInFlight(url: string, path: string, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  let answered: (answer: { status: number; text: string }) => void;
  const answer = new Promise<{ status: number; text: string }>((resolve) => {
    answered = resolve;
  });
  const request = httpRequest(
    `${url}${path}`,
    {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
    },
    (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => answered({ status: response.statusCode ?? 0, text }));
    },
  );
  request.on('error', (error) => answered({ status: 0, text: String(error) }));
  request.write(bytes.subarray(0, half));
  return { answer, finish: () => request.end(bytes.subarray(half)) };
}

/** Whether the port still takes connections. */
function takesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpRequest(`http://127.0.0.1:${port}/health/live`, { agent: false }, (response) => {
      response.resume();
      resolve(true);
    });
    request.on('error', () => resolve(false));
    request.end();
  });
}

describe.each(ENGINES)('stopping on SIGTERM on %s', (engine) => {
  it('answers 503 to readiness first, then closes, and the request under way is answered', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-drain-'));
    const database = engine === 'postgres' ? await throwAwayPostgres() : undefined;
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: {
        ...process.env,
        TESSERA_PORT: String(port),
        TESSERA_DATA_DIR: dataDir,
        TESSERA_LOG_LEVEL: 'info',
        TESSERA_DRAIN_SECONDS: '3',
        ...(database ? { DATABASE_URL: database.url } : { DATABASE_URL: '' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await expect.poll(async () => (await ready(url))?.status, { timeout: 30_000 }).toBe(200);
      const email = uniqueEmail('drain');
      const inFlight = requestInFlight(
        url,
        '/api/v1/SignUp',
        JSON.stringify({ Email: email, Password: STRONG_PASSWORD, FirstName: 'Jean', LastName: 'Dupont' }),
      );
      child.kill('SIGTERM');
      // Balancers are told first, while the server still takes connections.
      await expect
        .poll(async () => (await ready(url))?.body)
        .toMatchObject({ Ready: false, Checks: { Serving: 'draining' } });
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      // Then the server takes no new connection...
      await expect.poll(() => takesConnections(port!), { timeout: 30_000 }).toBe(false);
      // ...but the request under way is answered, the database still open for it.
      inFlight.finish();
      const answer = await inFlight.answer;
      expect(answer.status, answer.text).toBe(200);
      expect(await exited, output).toBe(0);
      expect(output).toMatch(/"signal":"SIGTERM","drainSeconds":3/);
      expect(output).toMatch(/"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
