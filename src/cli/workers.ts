import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { auditSealer, serverSecrets } from '../auth/secret-box.js';
import { databaseOptions, type Config } from '../config.js';
import { listenForClusterScrapes } from '../observability/metrics-endpoint.js';
import { migrate, openStore } from '../store/database.js';

/**
 * `TESSERA_WORKERS=N` (PostgreSQL only): N processes serve on the one port — node:cluster hands
 * each connection to one of them — on the one database, as N instances behind a load balancer
 * would. The schema is migrated once, here, before they start. A worker that stops after it
 * served is replaced; one that stops before it listened (the port is taken) stops them all, with
 * its reason, rather than starting again and again. SIGINT and SIGTERM stop every worker.
 */
export async function superviseWorkers(config: Config, log: Logger): Promise<void> {
  const store = openStore(databaseOptions(config));
  try {
    const applied = await migrate(store, auditSealer(serverSecrets(config)));
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  } finally {
    await store.close();
  }
  let stopping = false;
  const listening = new WeakSet<Worker>();
  const start = () => {
    const worker = cluster.fork();
    worker.once('listening', () => listening.add(worker));
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!listening.has(worker)) {
      log.error({ pid: worker.process.pid, code }, 'a worker stopped before serving: stopping');
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = 1;
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'a worker stopped: starting another');
    start();
  });
  const { metricsPort, metricsHost } = config.observability;
  if (metricsPort !== undefined) await listenForClusterScrapes(metricsPort, metricsHost);
  for (let i = 0; i < config.workers; i++) start();
  log.info(`Tessera is serving the console and the API at ${config.publicUrl.origin} with ${config.workers} workers`);
  // Each worker drains on SIGTERM (cli/shutdown.ts); a signal sent again is passed on again, harmlessly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
}
