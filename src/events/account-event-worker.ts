import type { Logger } from 'pino';
import { webhookSignature } from '../auth/webhook-signature.js';
import { retryDelay } from '../domain/account-events.js';
import {
  claimDueDeliveries,
  markDelivered,
  markDeliveryRetry,
  pruneAccountEvents,
  type AccountEventRow,
  type ClaimedDelivery,
} from '../store/account-events.js';
import { describeError, logFailure } from '../store/database-errors.js';
import type { Store } from '../store/database.js';

export interface EventDeliverySettings {
  /** The endpoints' URLs, as configured (TESSERA_EVENT_ENDPOINTS). */
  endpoints: readonly string[];
  /** Signs every delivery (TESSERA_WEBHOOK_SECRET); required when there are endpoints. */
  secret: string | undefined;
  /** The first retry waits this long; each next one twice as long, up to an hour. */
  retryBaseMs: number;
  pollMs: number;
}

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const BATCH = 20;
/** After this many failed tries in a row, each further failure is logged as an error. */
const LOUD_AFTER = 8;
/** Acknowledged events are kept this long, then pruned. */
export const DELIVERED_EVENT_DAYS = 7;

/** The body an endpoint receives: what it deduplicates by (EventId) and orders by (Sequence). */
export function eventBody(event: AccountEventRow): string {
  return JSON.stringify({
    EventId: event.event_id,
    Type: event.type,
    AccountId: event.account_id,
    Sequence: Number(event.seq),
    OccurredAt: new Date(Number(event.occurred_at)).toISOString(),
    Data: JSON.parse(event.data) as unknown,
  });
}

/**
 * Posts the account events to the endpoints that want them. Every Tessera process runs one: each
 * pass claims, for each endpoint and account, the first event that endpoint has not acknowledged
 * (store/account-events.ts), posts it signed, and on a 2xx marks it delivered, which lets that
 * account's next event go. Anything else — another status, a redirect (never followed), no answer
 * within 10 s — is tried again after a back-off, the account's later events waiting behind it:
 * an event is never given up, since skipping it would break the order.
 */
export class AccountEventWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly settings: EventDeliverySettings,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.settings.endpoints.length === 0) return;
    this.timer = setInterval(() => void this.wake(), this.settings.pollMs);
    this.timer.unref();
    void this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Delivers what is due now; resolves once a pass that started after this call is done. */
  readonly wake = (): Promise<void> => {
    if (this.stopped || this.settings.endpoints.length === 0) return Promise.resolve();
    if (!this.running) {
      this.running = this.deliverDue().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.wake();
    });
    return this.queued;
  };

  /**
   * Deletes the events every endpoint acknowledged that are older than DELIVERED_EVENT_DAYS, a
   * thousand at a time, at most twenty thousand a pass, as the other sweeps do.
   */
  async prune(): Promise<void> {
    const before = this.now() - DELIVERED_EVENT_DAYS * 86_400_000;
    for (let batch = 0; batch < 20; batch += 1)
      if ((await pruneAccountEvents(this.store.db, this.settings.endpoints, before)) < 1000) return;
  }

  private async deliverDue(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.store.transaction((tx) =>
          claimDueDeliveries(tx, this.settings.endpoints, this.now(), LEASE_MS, BATCH),
        );
        if (batch.length === 0) return;
        // Each claimed delivery is the head of its own account's queue for its endpoint.
        await Promise.all(batch.map((delivery) => this.deliver(delivery)));
      }
    } catch (error) {
      logFailure(this.log, 'account event delivery pass failed', error);
    }
  }

  private async deliver({ endpoint, attempts, event }: ClaimedDelivery): Promise<void> {
    const { db } = this.store;
    try {
      const secret = this.settings.secret;
      if (!secret) throw new Error('TESSERA_WEBHOOK_SECRET is not set: events cannot be signed');
      const body = eventBody(event);
      const timestamp = Math.floor(this.now() / 1000);
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'tessera-signature': webhookSignature(secret, timestamp, body),
        },
        body,
        // A redirect would carry the signed body to an address nobody configured: a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the endpoint answered ${response.status}`);
      await markDelivered(db, endpoint, event.event_id);
    } catch (error) {
      const reason = describeError(error);
      const delay = retryDelay(attempts, this.settings.retryBaseMs, MAX_BACKOFF_MS);
      try {
        await markDeliveryRetry(db, endpoint, event.event_id, this.now() + delay, reason);
      } catch (failure) {
        logFailure(this.log, 'an account event delivery could not be rescheduled', failure);
      }
      const details = { endpoint, eventId: event.event_id, type: event.type, attempts, retryInMs: delay, reason };
      if (attempts >= LOUD_AFTER) this.log.error(details, 'account event still not delivered, will retry');
      else this.log.warn(details, 'account event delivery failed, will retry');
    }
  }
}
