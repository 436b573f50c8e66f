import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../calls/pipeline/registry.js';
import { describeError } from '../store/database-errors.js';
import { missingMigrations } from '../store/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where the instance is in its life: the CLI's serve command drains it on SIGTERM. */
    readiness: Readiness;
  }
}

/** Starting until the server listens; draining from SIGTERM (or `close()`) until it stops. */
export type Phase = 'starting' | 'serving' | 'draining';

/** What /health/ready checked, each `ok` or the word for what is wrong. */
export interface ReadyChecks {
  Serving: 'ok' | 'starting' | 'draining';
  Database: 'ok' | 'unavailable' | 'timeout';
  Migrations: 'ok' | 'pending' | 'unknown';
  MailWorker: 'ok' | 'stopped';
}

type DatabaseChecks = Pick<ReadyChecks, 'Database' | 'Migrations'>;

/**
 * A check that has not answered after this long is left to itself and the next probe starts
 * another: a connection that hangs (a database host gone without a word) must not keep the
 * instance not ready once the database is back.
 */
const ABANDON_MS = 30_000;

/**
 * Readiness, as a load balancer asks for it. The database is asked one statement — the
 * migrations it has applied — within `timeoutMs`; however many probes arrive at once, one
 * statement at most is under way, the others wait for its answer. A change of readiness is
 * logged once, not at every probe.
 */
export class Readiness {
  phase: Phase = 'starting';
  private underWay: { startedAt: number; checks: Promise<DatabaseChecks> } | undefined;
  private wasReady: boolean | undefined;

  constructor(
    private readonly services: Pick<Services, 'store' | 'mail' | 'log'>,
    private readonly timeoutMs: number,
  ) {}

  /** From now on /health/ready answers 503, so that balancers stop sending requests here. */
  drain(): void {
    this.phase = 'draining';
  }

  async check(): Promise<{ ready: boolean; checks: ReadyChecks }> {
    const database = await this.database();
    const checks: ReadyChecks = {
      Serving: this.phase === 'serving' ? 'ok' : this.phase,
      ...database,
      MailWorker: this.services.mail.alive() ? 'ok' : 'stopped',
    };
    const ready = Object.values(checks).every((value) => value === 'ok');
    if (ready !== this.wasReady) {
      if (ready) this.services.log.info({ checks }, 'ready');
      else this.services.log.warn({ checks }, 'not ready');
      this.wasReady = ready;
    }
    return { ready, checks };
  }

  private database(): Promise<DatabaseChecks> {
    const now = performance.now();
    if (!this.underWay || now - this.underWay.startedAt > ABANDON_MS) {
      const checks = missingMigrations(this.services.store.db).then(
        (missing): DatabaseChecks => ({ Database: 'ok', Migrations: missing.length === 0 ? 'ok' : 'pending' }),
        (error: unknown): DatabaseChecks => {
          this.services.log.debug({ error: describeError(error) }, 'readiness: the database did not answer');
          return { Database: 'unavailable', Migrations: 'unknown' };
        },
      );
      const underWay = { startedAt: now, checks };
      this.underWay = underWay;
      void checks.finally(() => {
        if (this.underWay === underWay) this.underWay = undefined;
      });
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<DatabaseChecks>((resolve) => {
      timer = setTimeout(() => resolve({ Database: 'timeout', Migrations: 'unknown' }), this.timeoutMs);
      timer.unref();
    });
    return Promise.race([this.underWay.checks, late]).finally(() => clearTimeout(timer));
  }
}

/**
 * `/health/live`: the process serves (200 while it answers at all). `/health/ready`: this
 * instance should get requests — it is serving (not starting, not draining), its database answers
 * within the bound with every migration applied, and its mail worker runs — 200, else 503 with
 * what is wrong. Neither says more than these words: no version, no address, no error text.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.decorate('readiness', readiness);
  app.addHook('onListen', (done) => {
    if (readiness.phase === 'starting') readiness.phase = 'serving';
    done();
  });
  app.addHook('preClose', (done) => {
    readiness.drain();
    // A request under way when the server closes is answered, and its connection then closed
    // at once rather than kept alive: otherwise closing waits for the client to let it go.
    app.server.keepAliveTimeout = 1;
    done();
  });
  app.get('/health/live', (_request, reply) => reply.header('cache-control', 'no-store').send({ Live: true }));
  app.get('/health/ready', async (_request, reply) => {
    const { ready, checks } = await readiness.check();
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ Ready: ready, Checks: checks });
  });
}
