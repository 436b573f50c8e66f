import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { Store } from '../store/database.js';

/** Latency buckets, in seconds: a hot call answers in a millisecond, a sign-in in tens of them. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** How a request proved who sent it, as a label: a bounded set, whatever the request carries. */
export type RequestInterface = 'console' | 'api' | 'basic' | 'none';

interface OutboxBacklog {
  template: string;
  status: string;
  count: number | string;
  oldest: number | string | null;
}

/**
 * Tessera's metrics, in Prometheus's text format (prom-client), one registry per server. Request
 * counts and latencies are counted as they happen; what the database holds (the outbox's backlog,
 * pending operations) and how busy the pools are is read when scraped, so that the hot path pays
 * for a counter and a histogram, nothing more.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Where the metrics port answers, once it listens. */
  scrapeUrl: string | undefined;
  private readonly requests: Counter<'call' | 'interface' | 'status'>;
  private readonly latency: Histogram<'call' | 'interface'>;
  private readonly refusals: Counter<'reason'>;

  constructor(store: Pick<Store, 'db' | 'poolUse'>, hasher: PasswordHasher, now: () => number) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'tessera_requests_total',
      help: 'Requests answered, by call (or route), interface and HTTP status.',
      labelNames: ['call', 'interface', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'tessera_request_duration_seconds',
      help: 'Time from the request received to the answer sent, by call (or route) and interface.',
      labelNames: ['call', 'interface'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.refusals = new Counter({
      name: 'tessera_security_refusals_total',
      help: 'Refusals recorded in a trail, by reason: WrongPassword and BadSignature are failed sign-ins, LockedOut a lockout.',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'tessera_password_hash_queue',
      help: 'Password hashes waiting for a turn (TESSERA_HASH_CONCURRENCY run at once).',
      registers,
      collect() {
        this.set(hasher.queued);
      },
    });
    const hashWait = new Histogram({
      name: 'tessera_password_hash_wait_seconds',
      help: 'How long a password hash waited for its turn.',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    hasher.onWait = (seconds) => hashWait.observe(seconds);
    this.databaseGauges(store, now);
  }

  // prom-client hashes and checks the labels at each inc and observe; a request's series are
  // found once, then counted directly (the labels are bounded: see routeLabel).
  private readonly series = new Map<string, { count: { inc(): void }; time: { observe(seconds: number): void } }>();

  /** Counts an answered request. `seconds` is the time it took. */
  request(call: string, via: RequestInterface, status: number, seconds: number): void {
    const key = `${call} ${via} ${status}`;
    let series = this.series.get(key);
    if (!series) {
      series = {
        count: this.requests.labels({ call, interface: via, status }),
        time: this.latency.labels({ call, interface: via }),
      };
      this.series.set(key, series);
    }
    series.count.inc();
    series.time.observe(seconds);
  }

  refusal(reason: string): void {
    this.refusals.inc({ reason });
  }

  /** What the database holds is the same for every worker: merged across workers, one of them says it (`first`). */
  private databaseGauges(store: Pick<Store, 'db' | 'poolUse'>, now: () => number): void {
    const registers = [this.registry];
    // A scrape collects every metric at once: the three outbox gauges share one read of the backlog.
    let reading: Promise<OutboxBacklog[]> | undefined;
    const backlog = () =>
      (reading ??= store.db
        .selectFrom('outbox')
        .select([
          'template',
          'status',
          sql<number>`count(*)`.as('count'),
          sql<number | null>`min(created_at)`.as('oldest'),
        ])
        .where('status', 'in', ['pending', 'failed'])
        .groupBy(['template', 'status'])
        .execute()
        .finally(() => (reading = undefined)));
    const outboxGauge = (name: string, help: string, value: (row: OutboxBacklog) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['kind'],
        aggregator: 'first',
        registers,
        async collect() {
          this.reset();
          for (const row of await backlog()) {
            const measured = value(row);
            if (measured !== undefined) this.set({ kind: row.template }, measured);
          }
        },
      });
    outboxGauge(
      'tessera_outbox_pending',
      'Mails and webhooks queued and not yet delivered, by kind (template); operation-webhook is the webhook backlog.',
      (row) => (row.status === 'pending' ? Number(row.count) : undefined),
    );
    outboxGauge('tessera_outbox_oldest_pending_seconds', 'Age of the oldest undelivered message, by kind.', (row) =>
      row.status === 'pending' && row.oldest !== null ? Math.max(0, (now() - Number(row.oldest)) / 1000) : undefined,
    );
    outboxGauge('tessera_outbox_failed', 'Messages given up after every attempt failed, by kind.', (row) =>
      row.status === 'failed' ? Number(row.count) : undefined,
    );
    new Gauge({
      name: 'tessera_account_events_pending',
      help: 'Account events not yet acknowledged, by endpoint (its URL without the query).',
      labelNames: ['endpoint'],
      aggregator: 'first',
      registers,
      async collect() {
        const owed = await store.db
          .selectFrom('account_event_deliveries')
          .select(['endpoint', sql<number>`count(*)`.as('count')])
          .groupBy('endpoint')
          .execute();
        this.reset();
        for (const row of owed) this.set({ endpoint: row.endpoint.split('?')[0] ?? '' }, Number(row.count));
      },
    });
    new Gauge({
      name: 'tessera_pending_operations',
      help: 'Sensitive operations waiting for a token validator.',
      aggregator: 'first',
      registers,
      async collect() {
        const waiting = await store.db
          .selectFrom('operations')
          .select(sql<number>`count(*)`.as('count'))
          .where('state', '=', 'pending')
          .executeTakeFirst();
        this.set(Number(waiting?.count ?? 0));
      },
    });
    const poolUse = store.poolUse;
    if (!poolUse) return;
    new Gauge({
      name: 'tessera_database_connections',
      help: "The PostgreSQL pool's connections: in use, idle, and requests waiting for one.",
      labelNames: ['state'],
      registers,
      collect() {
        const use = poolUse();
        this.set({ state: 'in_use' }, use.inUse);
        this.set({ state: 'idle' }, use.idle);
        this.set({ state: 'waiting' }, use.waiting);
      },
    });
  }
}
