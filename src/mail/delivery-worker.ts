import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Brand } from '../domain/brand.js';
import type { Language } from '../domain/errors.js';
import { describeError, logFailure } from '../store/database-errors.js';
import type { Store } from '../store/database.js';
import {
  claimDueMails,
  markFailed,
  markRetry,
  markSent,
  openPayload,
  type OutboxRow,
  type PayloadSeal,
} from '../store/outbox.js';
import type { Mailer } from './mailer.js';
import { renderMail, type TemplateName, type TemplateValues } from './templates.js';

export interface DeliverySettings {
  from: string;
  /** The provider's name, logo, colour and links every mail carries. */
  brand: Brand;
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long, up to an hour. */
  retryBaseMs: number;
  pollMs: number;
}

/** Turns a queued request into the mails it calls for. */
export type Expander = (request: OutboxRow) => Promise<void>;

const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const BATCH = 20;

/**
 * Sends what the outbox holds. Every Tessera process runs one; claiming rows (see
 * store/outbox.ts) keeps two workers from sending the same mail. A mail that fails is retried
 * with exponential back-off, and marked failed, loudly, after `maxAttempts`.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | undefined;
  private readonly expanders = new Map<string, Expander>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private stopped = false;
  /** When the pass under way started (monotonic milliseconds), if one is. */
  private passStartedAt: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly seal: PayloadSeal,
    private readonly mailer: Mailer,
    private readonly settings: DeliverySettings,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /**
   * Rows of `kind` are requests, not mails: `expander` does what each asks as the worker reaches
   * it — turns it into the mails it calls for (or none), in its own transaction, or posts it to a
   * webhook. What a request leads to is then decided away from the request's answer; a request
   * that throws is retried like a mail.
   */
  expand(kind: string, expander: Expander): void {
    this.expanders.set(kind, expander);
  }

  start(): void {
    this.timer = setInterval(() => void this.wake(), this.settings.pollMs);
    this.timer.unref();
    void this.wake();
  }

  /**
   * Whether the worker delivers: started, not stopped, and not stuck in a pass longer than a
   * claim's lease (after which other processes take its mails over anyway). A pass that fails,
   * the database being away, leaves it alive: it tries again at its next poll.
   */
  alive(): boolean {
    if (this.timer === undefined || this.stopped) return false;
    return this.passStartedAt === undefined || performance.now() - this.passStartedAt < LEASE_MS;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.mailer.close();
  }

  /**
   * Delivers what is due now; resolves once a pass that started after this call is done. Bound,
   * so that it can be queued after a commit as it is.
   */
  readonly wake = (): Promise<void> => {
    if (this.stopped) return Promise.resolve();
    if (!this.running) {
      this.passStartedAt = performance.now();
      this.running = this.deliverDue().finally(() => {
        this.running = undefined;
        this.passStartedAt = undefined;
      });
      return this.running;
    }
    // A pass is under way and may have missed what was just queued: one more after it,
    // shared by every caller meanwhile.
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.wake();
    });
    return this.queued;
  };

  private async deliverDue(): Promise<void> {
    try {
      for (;;) {
        const batch = await this.store.transaction((tx) => claimDueMails(tx, this.now(), LEASE_MS, BATCH));
        for (const mail of batch) await this.deliver(mail);
        // An expanded request may have queued mails due now: they go in this pass too.
        if (batch.length === 0) return;
      }
    } catch (error) {
      logFailure(this.log, 'mail delivery pass failed', error);
    }
  }

  private async deliver(mail: OutboxRow): Promise<void> {
    const { db } = this.store;
    try {
      const opened = { ...mail, payload: openPayload(this.seal, mail) };
      const expander = this.expanders.get(mail.template);
      if (expander) {
        await expander(opened);
        await markSent(db, mail.mail_id, this.now());
        return;
      }
      const rendered = renderMail(
        mail.template as TemplateName,
        mail.language as Language,
        JSON.parse(opened.payload) as TemplateValues[TemplateName],
        this.settings.brand,
      );
      await this.mailer.send({ ...rendered, from: this.settings.from, to: mail.recipient });
      await markSent(db, mail.mail_id, this.now());
    } catch (error) {
      const reason = describeError(error);
      if (mail.attempts >= this.settings.maxAttempts) {
        await markFailed(db, mail.mail_id, reason);
        this.log.error(
          { mailId: mail.mail_id, template: mail.template, attempts: mail.attempts, reason },
          'mail could not be delivered and is marked failed',
        );
      } else {
        const delay = Math.min(this.settings.retryBaseMs * 2 ** (mail.attempts - 1), MAX_BACKOFF_MS);
        await markRetry(db, mail.mail_id, this.now() + delay, reason);
        this.log.warn(
          { mailId: mail.mail_id, attempts: mail.attempts, retryInMs: delay, reason },
          'mail delivery failed, will retry',
        );
      }
    }
  }
}
