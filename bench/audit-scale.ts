import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { sql } from 'kysely';
import { eventHash, GENESIS } from '../src/domain/audit-chain.js';
import { chainedEventOf, type AuditEventRow } from '../src/store/audit-events.js';
import type { Engine } from '../src/store/database.js';
import { STRONG_PASSWORD } from '../test/support/api-client.js';
import { startTestServer, type TestServer } from '../test/support/test-server.js';

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const BATCH = 1000;
const SAMPLES = 30;
const ACTIONS = ['UpdateAccount', 'SignIn', 'CreateAccessKey', 'UpdateUserDetails', 'DeleteSession', 'SignOut'];
const DAY = 24 * 60 * 60_000;

async function post(url: string, call: string, body: unknown, cookie = ''): Promise<Response> {
  return fetch(`${url}/api/v1/${call}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

/**
 * An account signed up through the API: its address is confirmed in the database, since the bench
 * needs an account, not the mail round trip the main bench measures.
 */
async function signedUpOwner(server: TestServer) {
  const email = `audit.scale.${Date.now()}@example.com`;
  await post(server.url, 'SignUp', { Email: email, Password: STRONG_PASSWORD, FirstName: 'Scale', LastName: 'Bench' });
  const { db } = server.services.store;
  const owner = await db.selectFrom('users').selectAll().where('email_key', '=', email).executeTakeFirstOrThrow();
  await db.updateTable('users').set({ email_confirmed_at: Date.now() }).where('user_id', '=', owner.user_id).execute();
  return { ...owner, email };
}

/** Signed in once the trail is seeded: a connection kept idle through the seeding would have been closed. */
async function signIn(server: TestServer, email: string): Promise<string> {
  const answer = await post(server.url, 'SignIn', { Email: email, Password: STRONG_PASSWORD });
  return answer.headers.get('set-cookie')!.split(';')[0]!;
}

/**
 * One million events of one account, as years of a busy account's trail would be: twenty actors,
 * six kinds of call, a thousand targets, one in twenty refused — bulk-inserted with a valid chain.
 */
async function seed(server: TestServer, accountId: string, actorIds: string[]): Promise<number> {
  const { db } = server.services.store;
  const started = performance.now();
  const start = Date.now() - 2 * 365 * DAY;
  let prev = GENESIS;
  for (let first = 1; first <= EVENTS; first += BATCH) {
    const rows: AuditEventRow[] = [];
    for (let seq = first; seq < first + BATCH && seq <= EVENTS; seq++) {
      const refused = seq % 20 === 0;
      const row = {
        account_id: accountId,
        seq,
        at: start + seq * 60_000,
        actor_id: actorIds[seq % actorIds.length]!,
        actor_name: `user.${seq % actorIds.length}`,
        interface: seq % 3 === 0 ? 'api' : 'console',
        credential: null,
        ip: `192.0.2.${seq % 250}`,
        device: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
        action: ACTIONS[seq % ACTIONS.length]!,
        target: `target.${seq % 1000}`,
        changes: JSON.stringify([{ Field: 'City', OldValue: `City ${seq - 1}`, NewValue: `City ${seq}` }]),
        operation_id: null,
        validated_by: null,
        outcome: refused ? 'refused' : 'success',
        reason: refused ? 'AccessDenied' : null,
        prev_hash: prev,
      };
      prev = eventHash(chainedEventOf(row));
      rows.push({ ...row, hash: prev, seal: null });
    }
    await db.insertInto('audit_events').values(rows).execute();
  }
  // The chain's head, where the next event is appended.
  await db
    .updateTable('accounts')
    .set({ audit_seq: EVENTS, audit_hash: prev })
    .where('account_id', '=', accountId)
    .execute();
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(url: string, cookie: string, input: unknown): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const began = performance.now();
    const response = await fetch(`${url}/api/v1/ReadAuditLog`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(input),
    });
    const body = (await response.json()) as { Events?: unknown[] };
    if (response.status !== 200 || !body.Events) throw new Error(`ReadAuditLog answered ${response.status}`);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The whole trail as NDJSON, read as it comes; the process's resident memory is sampled meanwhile. */
async function exportAll(url: string, cookie: string) {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const began = performance.now();
  const response = await fetch(`${url}/api/v1/ReadAuditLog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ Format: 'ndjson' }),
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of Readable.fromWeb(
    response.body! as NodeReadableStream<Uint8Array>,
  ) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  clearInterval(sampler);
  return {
    lines,
    megabytes: bytes / 2 ** 20,
    seconds: (performance.now() - began) / 1000,
    growth: (peak - baseline) / 2 ** 20,
  };
}

async function measure(engine: Engine): Promise<void> {
  // Retention off: the seeded trail spans two years, past the default retention.
  const server = await startTestServer(engine, { SMTP_URL: '', TESSERA_AUDIT_RETENTION_DAYS: '0' });
  try {
    const owner = await signedUpOwner(server);
    const { db } = server.services.store;
    const actorIds = [owner.user_id, ...Array.from({ length: 19 }, (_, i) => `bench-actor-${i}`)];
    await db.deleteFrom('audit_events').where('account_id', '=', owner.account_id).execute();
    const seedMs = await seed(server, owner.account_id, actorIds);
    // Fresh statistics, as autovacuum would have them after such a load.
    await sql`analyze audit_events`.execute(db);
    console.log(`\n${engine}: ${EVENTS.toLocaleString('en')} events seeded in ${(seedMs / 1000).toFixed(1)} s`);
    const cookie = await signIn(server, owner.email);
    const from = new Date(Date.now() - 2 * 365 * DAY + 300 * DAY).toISOString();
    const to = new Date(Date.now() - 2 * 365 * DAY + 301 * DAY).toISOString();
    const cases: [string, unknown][] = [
      ['newest page (100)', {}],
      ['Action = DeleteSession', { Filters: { Action: 'DeleteSession' } }],
      ['ActorUserName = owner', { Filters: { ActorUserName: 'owner' } }],
      ['Target = target.42', { Filters: { Target: 'target.42' } }],
      ['Outcome = refused', { Filters: { Outcome: 'refused' } }],
      ['one day, 300 days back', { Filters: { FromDate: from, ToDate: to } }],
      ['Action + one day', { Filters: { Action: 'SignIn', FromDate: from, ToDate: to } }],
      ['page 50 of Action', { Filters: { Action: 'SignIn' }, FirstItem: 5000, ResultsPerPage: 100 }],
    ];
    console.log('| ReadAuditLog | p50 ms | p99 ms | target p99 < 50 ms |');
    console.log('| --- | --- | --- | --- |');
    for (const [name, input] of cases) {
      const { p50, p99 } = await timed(server.url, cookie, input);
      console.log(`| ${name} | ${p50.toFixed(1)} | ${p99.toFixed(1)} | ${p99 < 50 ? 'met' : 'MISSED'} |`);
    }
    const exported = await exportAll(server.url, cookie);
    console.log(
      `NDJSON export: ${exported.lines.toLocaleString('en')} events, ${exported.megabytes.toFixed(0)} MiB in ${exported.seconds.toFixed(1)} s; resident memory grew by at most ${exported.growth.toFixed(0)} MiB while exporting.`,
    );
  } finally {
    await server.close();
  }
}

for (const engine of (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[]) await measure(engine);
