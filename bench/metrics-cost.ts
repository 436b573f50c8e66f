import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const CALLS: HotCall[] = ['ReadAccounts (cookie)', 'UpdateAccount (cookie)'];

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
    try {
      for (const call of CALLS) {
        const measure = await compare(HOT_REQUESTS[call](on.url, onUsers), {
          'metrics off': async () => (await load(HOT_REQUESTS[call](off.url, offUsers))).requests.average,
        });
        rows.push({ name: `${call}, metrics on`, measure, target: 0.97, against: 'metrics off' });
      }
    } finally {
      clearInterval(scraper);
    }
    report(
      `${engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}: metrics on and scraped each second, against metrics off`,
      rows,
    );
    await on.stop();
    await off.stop();
  }
} finally {
  for (const started of running) await started.stop();
  for (const created of databases) await created.drop();
  await mail.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
