import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import autocannon from 'autocannon';
import { SmtpSink } from '../test/support/mailbox.js';
import { freePorts } from '../test/support/ports.js';
import { throwAwayPostgres } from '../test/support/test-server.js';
import { benchUsers, verifyRequests, type BenchUsers } from './bench-users.js';
import { HOT_REQUESTS } from './hot-requests.js';
import {
  bareCeiling,
  compare,
  CONNECTIONS,
  hashCapacity,
  PASSWORD,
  report,
  ROUND_S,
  warmUp,
  type Ceiling,
  type Measure,
} from './load.js';
import { startProcess, type Started } from './processes.js';

const here = fileURLToPath(new URL('.', import.meta.url));

interface HotCalls {
  read: Measure;
  signedRead: Measure;
  verify: Measure;
  update: Measure;
  signIn: Measure;
}

/** The hot calls of one Tessera, each against `ceilings`; sign-in against what the cores can hash. */
async function hotCalls(
  url: string,
  users: BenchUsers,
  ceilings: Record<string, Ceiling>,
  hashing: Ceiling,
): Promise<HotCalls> {
  return {
    read: await compare(HOT_REQUESTS['ReadAccounts (cookie)'](url, users), ceilings),
    signedRead: await compare(HOT_REQUESTS['ReadAccounts (signed, OSC4)'](url, users), ceilings),
    verify: await compare(HOT_REQUESTS['VerifyRequest (signed, OSC4)'](url, users), ceilings),
    update: await compare(HOT_REQUESTS['UpdateAccount (cookie)'](url, users), ceilings),
    signIn: await compare(HOT_REQUESTS.SignIn(url, users), { hashing }),
  };
}

/** Sign-ins saturating the hashing must not starve the other calls (DESIGN.md §5). */
async function underSignInFlood(url: string, users: BenchUsers): Promise<string> {
  const [reads, signIns] = await Promise.all([
    autocannon({ connections: 10, duration: ROUND_S * 3, ...HOT_REQUESTS['ReadAccounts (cookie)'](url, users) }),
    autocannon({ connections: CONNECTIONS, duration: ROUND_S * 3, ...HOT_REQUESTS.SignIn(url, users) }),
  ]);
  return `While ${CONNECTIONS} connections sign in (${signIns.requests.average.toFixed(0)}/s, ${signIns.non2xx} errors), ReadAccounts on 10 other connections: ${reads.requests.average.toFixed(0)} req/s, p50 ${reads.latency.p50} ms, p99 ${reads.latency.p99} ms (target p99 < 50 ms: ${reads.latency.p99 < 50 ? 'met' : 'MISSED'}), ${reads.non2xx + reads.errors} errors.`;
}

const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const mail = await SmtpSink.start();
const running: Started[] = [];
const databases: { drop(): Promise<void> }[] = [];
const start = async (script: string, env: Record<string, string>) => {
  const started = await startProcess(join(here, script), env);
  running.push(started);
  return started;
};
// TESSERA_DRAIN_SECONDS=0: a measured server stops at once, no balancer to tell.
const tesseraEnv = { TESSERA_PORT: '0', TESSERA_LOG_LEVEL: 'info', TESSERA_DRAIN_SECONDS: '0', SMTP_URL: mail.url };

/** One Tessera on `database`, measured against `ceilings`, then stopped. */
async function benchTessera(env: Record<string, string>, ceilings: Record<string, Ceiling>, hashing: Ceiling) {
  const main = join('..', 'src', 'cli', 'main.js');
  // One port for both runs: the signed requests name the host they are sent to.
  const port = String((await freePorts(1))[0]);
  const seeding = await start(main, { ...tesseraEnv, ...env, TESSERA_PORT: port });
  const seeded = await benchUsers(seeding.url, mail);
  await seeding.stop();
  // VerifyRequest is for the platform's services: the first user's account becomes the platform's.
  const tessera = await start(main, {
    ...tesseraEnv,
    ...env,
    TESSERA_PORT: port,
    TESSERA_PLATFORM_ACCOUNT_ID: seeded.accountIds[0]!,
  });
  const users = { ...seeded, verifyRequests: verifyRequests(tessera.url, seeded) };
  const calls = await hotCalls(tessera.url, users, ceilings, hashing);
  const flood = await underSignInFlood(tessera.url, users);
  await tessera.stop();
  return { calls, flood };
}

try {
  console.log(
    `Bench: ${CONNECTIONS} connections, 3 rounds of ${ROUND_S} s per measure, ${availableParallelism()} cores, Node ${process.version}`,
  );
  const bare = await start('bare-server.js', {});
  await warmUp(bare.url);
  const storedHash = await hash(PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const hashing = hashCapacity(storedHash);

  if (engines.includes('sqlite')) {
    const oneSelect = await start('bare-server.js', { BARE_DB: `sqlite:${join(dataDir, 'bare.db')}` });
    await warmUp(oneSelect.url);
    const { calls, flood } = await benchTessera(
      { TESSERA_DATA_DIR: join(dataDir, 'tessera') },
      { bare: bareCeiling(bare.url), 'SQLite SELECT': bareCeiling(oneSelect.url) },
      hashing,
    );
    await oneSelect.stop();
    report('SQLite (DESIGN.md §5: against a bare node:http server)', [
      { name: 'ReadAccounts (cookie)', measure: calls.read, target: 0.25, against: 'bare' },
      { name: 'ReadAccounts (signed, OSC4)', measure: calls.signedRead, target: 0.2, against: 'bare' },
      { name: 'VerifyRequest (signed, OSC4)', measure: calls.verify, target: 0.2, against: 'bare' },
      { name: 'UpdateAccount (cookie)', measure: calls.update, target: 0.1, against: 'bare' },
      { name: 'SignIn', measure: calls.signIn, target: 0.9, against: 'hashing' },
    ]);
    console.log(`\n${flood}`);
  }

  if (engines.includes('postgres')) {
    const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
    for (const workers of workerCounts) {
      const database = await throwAwayPostgres();
      databases.push(database);
      const oneSelect = await start('bare-server.js', { BARE_DB: database.url });
      await warmUp(oneSelect.url);
      const { calls, flood } = await benchTessera(
        { DATABASE_URL: database.url, TESSERA_WORKERS: String(workers) },
        { 'PostgreSQL SELECT': bareCeiling(oneSelect.url), bare: bareCeiling(bare.url) },
        hashing,
      );
      await oneSelect.stop();
      report(
        `PostgreSQL, ${workers} worker${workers > 1 ? 's' : ''} (issue 17: against node:http doing one indexed SELECT through pg)`,
        [
          { name: 'ReadAccounts (cookie)', measure: calls.read, target: 0.6, against: 'PostgreSQL SELECT' },
          { name: 'ReadAccounts (signed, OSC4)', measure: calls.signedRead, target: 0.5, against: 'PostgreSQL SELECT' },
          { name: 'VerifyRequest (signed, OSC4)', measure: calls.verify, target: 0.5, against: 'PostgreSQL SELECT' },
          { name: 'UpdateAccount (cookie)', measure: calls.update, target: 0.35, against: 'PostgreSQL SELECT' },
          { name: 'SignIn', measure: calls.signIn, target: 0.9, against: 'hashing' },
        ],
      );
      console.log(`\n${flood}`);
    }
  }
} finally {
  for (const started of running) await started.stop();
  for (const database of databases) await database.drop();
  await mail.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
