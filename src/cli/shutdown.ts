import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * How `tessera serve` stops. SIGTERM (systemd, Kubernetes, `docker stop`, a worker's primary):
 * /health/ready answers 503 at once and for `drainSeconds`, so that load balancers stop sending
 * requests here; then the server takes no new connection, answers the requests under way, closes
 * the database and exits. SIGINT (Ctrl-C at a terminal) does the same without the wait. A signal
 * while stopping changes nothing: systemd may signal every process of the service, and a
 * primary passes the signal on to its workers.
 */
export function stopOnSignals(app: FastifyInstance, drainSeconds: number, log: Logger): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const wait = signal === 'SIGTERM' ? drainSeconds : 0;
    app.readiness.drain();
    log.info({ signal, drainSeconds: wait }, 'stopping: not ready any more, closing once the drain delay is over');
    try {
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      await app.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ error: error instanceof Error ? error.message : String(error) }, 'stopping failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}
