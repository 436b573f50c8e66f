import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SmtpSink } from '../test/support/mailbox.js';
import { throwAwayPostgres } from '../test/support/test-server.js';
import { benchUsers } from './bench-users.js';
import { HOT_REQUESTS, type HotCall } from './hot-requests.js';
import { compare, load, report, type Row } from './load.js';
import { startProcess, type Started } from './processes.js';

/**
 * What metrics cost (issue 32: under 3 %): the same calls on two Tesseras, one with metrics on
 * and scraped every second as Prometheus would (more often than it would), one with them off,
 * measured in alternating rounds.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const METRICS_TOKEN = 'bench-metrics-token-of-at-least-32-characters';
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-metrics-'));
const mail = await SmtpSink.start();
const running: Started[] = [];
const databases: { drop(): Promise<void> }[] = [];

async function tessera(name: string, env: Record<string, string>): Promise<Started> {
  const started = await startProcess(join(here, '..', 'src', 'cli', 'main.js'), {
    TESSERA_PORT: '0',
    TESSERA_LOG_LEVEL: 'info',
    SMTP_URL: mail.url,
    TESSERA_DATA_DIR: join(dataDir, name),
    ...env,
  });
  running.push(started);
  return started;
}

async function database(): Promise<Record<string, string>> {
  const created = await throwAwayPostgres();
  databases.push(created);
  return { DATABASE_URL: created.url };
}

/** The calls compared, each with the requests of a round of the CPU measure (some five seconds of it here). */
const CALLS: [HotCall, number][] = [
  ['ReadAccounts (cookie)', 20_000],
  ['UpdateAccount (cookie)', 5_000],
];

/** The CPU time (user and system, clock ticks of 10 ms) a process has used. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * The server's CPU time per request, in µs: unlike a rate, it hardly moves when other work
 * shares the cores, so it shows a cost of a few percent that the rates' noise hides.
 */
async function cpuPerRequest(started: Started, requests: number, options: autocannon.Options): Promise<number> {
  const pid = started.child.pid!;
  const before = cpuTicks(pid);
  await autocannon({ ...options, connections: 20, amount: requests });
  return ((cpuTicks(pid) - before) * 10_000) / requests;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

try {
  for (const engine of engines) {
    const off = await tessera(`${engine}-off`, engine === 'postgres' ? await database() : {});
    const on = await tessera(`${engine}-on`, {
      ...(engine === 'postgres' ? await database() : {}),
      TESSERA_METRICS_TOKEN: METRICS_TOKEN,
    });
    const [offUsers, onUsers] = [await benchUsers(off.url, mail), await benchUsers(on.url, mail)];
    const scraper = setInterval(() => {
      void fetch(`${on.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    }, 1000);
    const rows: Row[] = [];
    const cpu: string[] = [];
    try {
      for (const [call, requests] of CALLS) {
        const measure = await compare(HOT_REQUESTS[call](on.url, onUsers), {
          'metrics off': async () => (await load(HOT_REQUESTS[call](off.url, offUsers))).requests.average,
        });
        rows.push({ name: `${call}, metrics on`, measure, target: 0.97, against: 'metrics off' });
        const spent: Record<'on' | 'off', number[]> = { on: [], off: [] };
        for (let round = 0; round < 4; round += 1) {
          spent.off.push(await cpuPerRequest(off, requests, HOT_REQUESTS[call](off.url, offUsers)));
          spent.on.push(await cpuPerRequest(on, requests, HOT_REQUESTS[call](on.url, onUsers)));
        }
        const ratio = mean(spent.on) / mean(spent.off);
        cpu.push(
          `| ${call} | ${mean(spent.off).toFixed(0)} | ${mean(spent.on).toFixed(0)} | ${ratio.toFixed(3)} | ≤ 1.03 ${ratio <= 1.03 ? 'met' : 'MISSED'} |`,
        );
      }
    } finally {
      clearInterval(scraper);
    }
    const title = `${engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}: metrics on and scraped each second, against metrics off`;
    report(title, rows);
    console.log(`\n${title}: the server's CPU time per request (4 alternating rounds of 5,000 to 20,000 requests)\n`);
    console.log('| call | µs off | µs on | on / off | target |');
    console.log('| --- | ---: | ---: | ---: | --- |');
    for (const line of cpu) console.log(line);
    await on.stop();
    await off.stop();
  }
} finally {
  for (const started of running) await started.stop();
  for (const created of databases) await created.drop();
  await mail.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
