import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { Services } from '../../src/calls/pipeline/registry.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import type { Engine } from '../../src/store/database.js';
import { registerMailbox, SmtpSink } from './mailbox.js';
import { freePorts } from './ports.js';
import { POSTGRES_ADMIN_URL } from './postgres-admin.js';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Why the PostgreSQL suites cannot run here, or undefined when they can. In CI a missing server is a failure, never a skip. */
export const postgresMissing = await postgresReachable();
if (postgresMissing) {
  if (process.env.CI) throw new Error(`${postgresMissing}: CI must run the PostgreSQL suite.`);
  console.warn(`Skipping the PostgreSQL runs: ${postgresMissing}.`);
}

/**
 * `TESSERA_TEST_PGBOUNCER=1` (vitest.pgbouncer.config.ts, the second half of `npm test`): the
 * PostgreSQL suites run again through PgBouncer in transaction pooling mode, as providers run
 * Tessera: TESSERA_DATABASE_PREPARE's default, auto, finds the pooler and leaves statements unnamed.
 */
const pgbouncerPort = process.env.TESSERA_TEST_PGBOUNCER_PORT;
const throughPgBouncer = process.env.TESSERA_TEST_PGBOUNCER === '1';
if (throughPgBouncer && !pgbouncerPort)
  throw new Error('the PgBouncer run needs its global setup (vitest.pgbouncer.config.ts)');

/** The engines every store-backed suite runs against. */
export const ENGINES: Engine[] = throughPgBouncer
  ? ['postgres']
  : postgresMissing
    ? ['sqlite']
    : ['sqlite', 'postgres'];

/** The database URL Tessera is given: the database itself, or the same through PgBouncer. */
function reachedAs(url: string): Record<string, string> {
  if (!throughPgBouncer) return { DATABASE_URL: url };
  const pooled = new URL(url);
  pooled.port = pgbouncerPort!;
  return { DATABASE_URL: pooled.toString() };
}

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public time = Date.now()) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface TestServer {
  url: string;
  engine: Engine;
  services: Services;
  clock: TestClock;
  close(): Promise<void>;
}

export async function throwAwayPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tessera_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A real Tessera on 127.0.0.1 with a fresh database of the given engine. */
export async function startTestServer(
  engine: Engine,
  env: Record<string, string> = {},
  log = pino({ level: 'silent' }),
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const postgres = engine === 'postgres' ? await throwAwayPostgres() : undefined;
  // A port known before start, so that links in mails (built from the public URL) lead back here;
  // a test that must name it beforehand (an identity provider's redirect URI) passes TESSERA_PORT.
  const port = env.TESSERA_PORT ? Number(env.TESSERA_PORT) : (await freePorts(1))[0]!;
  // Every test server mails to a real SMTP sink of its own unless the test brings one, or asks
  // for none with SMTP_URL ''.
  const ownSink = env.SMTP_URL === undefined ? await SmtpSink.start() : undefined;
  const config = loadConfig({
    TESSERA_DATA_DIR: dataDir,
    TESSERA_PORT: String(port),
    // Tests reach the server, and follow its mailed links, at the address it listens on.
    TESSERA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    TESSERA_LOG_LEVEL: 'silent',
    ...(postgres ? reachedAs(postgres.url) : {}),
    ...(ownSink ? { SMTP_URL: ownSink.url } : {}),
    ...env,
  });
  const clock = new TestClock();
  const { app, services } = await createServer(config, log, clock.now);
  await app.listen({ host: '127.0.0.1', port });
  registerMailbox(`http://127.0.0.1:${port}`, config.smtpUrl?.toString().replace(/\/$/, ''));
  return {
    url: `http://127.0.0.1:${port}`,
    engine,
    services,
    clock,
    close: async () => {
      await app.close();
      await ownSink?.stop();
      await postgres?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
