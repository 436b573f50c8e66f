import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServer as createTessera } from '../../src/server.js';
import { MIGRATION_NAMES } from '../../src/store/database.js';
import { freePorts } from '../support/ports.js';
import { switchingProxy, type SwitchingProxy } from '../support/switching-proxy.js';
import {
  ENGINES,
  postgresMissing,
  startTestServer,
  throwAwayPostgres,
  type TestServer,
} from '../support/test-server.js';

interface Health {
  status: number;
  body: { Live?: boolean; Ready?: boolean; Checks?: Record<string, string> };
  headers: Headers;
}

async function health(url: string, path: '/health/live' | '/health/ready'): Promise<Health> {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: (await response.json()) as Health['body'], headers: response.headers };
}

const ALL_OK = { Serving: 'ok', Database: 'ok', Migrations: 'ok', MailWorker: 'ok' };

describe.each(ENGINES)('health on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server?.close());

  it('/health/live answers 200 while the process serves', async () => {
    const live = await health(server.url, '/health/live');
    expect(live).toMatchObject({ status: 200, body: { Live: true } });
    expect(live.headers.get('cache-control')).toBe('no-store');
  });

  it('/health/ready answers 200 with what it checked, and no more', async () => {
    const ready = await health(server.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ Ready: true, Checks: ALL_OK });
    expect(ready.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 while starting, until the server listens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-starting-'));
    const database = engine === 'postgres' ? await throwAwayPostgres() : undefined;
    const config = loadConfig({
      TESSERA_DATA_DIR: dataDir,
      TESSERA_LOG_LEVEL: 'silent',
      SMTP_URL: '',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    const { app } = await createTessera(config, pino({ level: 'silent' }));
    try {
      const starting = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(starting.statusCode).toBe(503);
      expect(starting.json()).toEqual({ Ready: false, Checks: { ...ALL_OK, Serving: 'starting' } });
      await app.listen({ host: '127.0.0.1', port: 0 });
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a database that lacks a migration (restored from an older backup) is not ready, until it has it', async () => {
    const { db } = server.services.store;
    const last = MIGRATION_NAMES.at(-1)!;
    const row = await sql<{
      name: string;
      timestamp: string;
    }>`select name, timestamp from kysely_migration where name = ${last}`
      .execute(db)
      .then((result) => result.rows[0]!);
    await sql`delete from kysely_migration where name = ${last}`.execute(db);
    try {
      const ready = await health(server.url, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ Ready: false, Checks: { ...ALL_OK, Migrations: 'pending' } });
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})`.execute(db);
    }
    expect((await health(server.url, '/health/ready')).status).toBe(200);
  });

  it('an instance whose mail worker stopped is not ready', async () => {
    await server.services.mail.stop();
    const ready = await health(server.url, '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.Checks).toEqual({ ...ALL_OK, MailWorker: 'stopped' });
    // Still alive: the process serves, it just should not be sent requests.
    expect((await health(server.url, '/health/live')).status).toBe(200);
  });
});

/** A server that takes connections and never answers: a database host gone without a word. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of held) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(postgresMissing !== undefined)('readiness while PostgreSQL is away', () => {
  let database: Awaited<ReturnType<typeof throwAwayPostgres>>;
  let proxy: SwitchingProxy;
  let silent: Awaited<ReturnType<typeof blackHole>>;
  let server: TestServer;
  let postgresPort: number;
  beforeAll(async () => {
    database = await throwAwayPostgres();
    const direct = new URL(database.url);
    postgresPort = Number(direct.port || 5432);
    proxy = await switchingProxy(postgresPort);
    silent = await blackHole();
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    // A short bound, so that the probes of a database that does not answer come back soon.
    server = await startTestServer('postgres', {
      DATABASE_URL: proxied.toString(),
      TESSERA_READY_TIMEOUT_MS: '200',
    });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await silent?.close();
    await database?.drop();
  });

  const ready = () => health(server.url, '/health/ready');

  it('turns 503 while the database is cut off, and 200 again when it returns, without a restart', async () => {
    expect((await ready()).status).toBe(200);
    // Nothing listens on a port just found free: every new connection is refused.
    const [closed] = await freePorts(1);
    proxy.routeTo(closed!, { cut: true });
    await expect
      .poll(async () => (await ready()).body, { timeout: 15_000 })
      .toEqual({
        Ready: false,
        Checks: { ...ALL_OK, Database: 'unavailable', Migrations: 'unknown' },
      });
    // Still alive: a balancer must not kill an instance for its database's sake.
    expect((await health(server.url, '/health/live')).status).toBe(200);
    proxy.routeTo(postgresPort, { cut: true });
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
  });

  it('turns 503 within its bound when the database takes the connection and never answers', async () => {
    proxy.routeTo(silent.port, { cut: true });
    await expect
      .poll(async () => (await ready()).body, { timeout: 15_000 })
      .toEqual({
        Ready: false,
        Checks: { ...ALL_OK, Database: 'timeout', Migrations: 'unknown' },
      });
    proxy.routeTo(postgresPort, { cut: true });
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
  });
});
