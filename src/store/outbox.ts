import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, OutboxTable } from './schema.js';
import type { WriteTransaction } from './transaction.js';

type Db = Kysely<Database> | Transaction<Database>;

export type OutboxRow = Selectable<OutboxTable>;

/**
 * Seals what a queued mail carries — a token, a link, a name — with the server's key, which the
 * database does not hold: a copy of the database (a backup, old row bytes) reads no link that
 * still works (ASVS 14.2.7). The server's SecretBox is one.
 */
export interface PayloadSeal {
  seal(plaintext: string, label: string): string;
  open(sealed: string, label: string): string;
}

const payloadLabel = (mailId: string) => `outbox:${mailId}`;

/** What a claimed mail carries, opened. Rows queued before payloads were sealed are plain JSON. */
export function openPayload(seal: PayloadSeal, mail: Pick<OutboxRow, 'mail_id' | 'payload'>): string {
  return mail.payload.startsWith('{') ? mail.payload : seal.open(mail.payload, payloadLabel(mail.mail_id));
}

export interface NewMail {
  recipient: string;
  language: string;
  template: string;
  payload: unknown;
}

/** Queues a mail; call it inside the transaction of the change that causes it. */
export async function enqueueMail(db: Db, mail: NewMail, now: number, seal: PayloadSeal): Promise<void> {
  const mailId = randomUUID();
  await db
    .insertInto('outbox')
    .values({
      mail_id: mailId,
      recipient: mail.recipient,
      language: mail.language,
      template: mail.template,
      payload: seal.seal(JSON.stringify(mail.payload), payloadLabel(mailId)),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_until: 0,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
}

/**
 * Takes up to `limit` due mails for this worker for `leaseMs`, counting the attempt. On
 * PostgreSQL, `FOR UPDATE SKIP LOCKED` lets every process's worker claim different rows at
 * once; SQLite has one process (it holds the database's lock) and runs one write at a time.
 */
export async function claimDueMails(
  tx: WriteTransaction,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<OutboxRow[]> {
  const due = tx.db
    .selectFrom('outbox')
    .select('mail_id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where('claimed_until', '<=', now)
    .orderBy('created_at')
    .limit(limit);
  const ids = (await tx.lock(due, { skipLocked: true }).execute()).map((row) => row.mail_id);
  if (ids.length === 0) return [];
  return tx.db
    .updateTable('outbox')
    .set({ claimed_until: now + leaseMs, attempts: sql<number>`attempts + 1` })
    .where('mail_id', 'in', ids)
    .returningAll()
    .execute();
}

export async function markSent(db: Db, mailId: string, now: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, payload: '{}', last_error: null })
    .where('mail_id', '=', mailId)
    .execute();
}

export async function markRetry(db: Db, mailId: string, nextAttemptAt: number, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: nextAttemptAt, claimed_until: 0, last_error: error.slice(0, 500) })
    .where('mail_id', '=', mailId)
    .execute();
}

export async function markFailed(db: Db, mailId: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', payload: '{}', last_error: error.slice(0, 500) })
    .where('mail_id', '=', mailId)
    .execute();
}

/** How many mails of a template went (or wait to go) to an address since a time: a brake on mail bombing. */
/** How many mails of a template went to a recipient since `since`, and when the first of them was queued. */
export async function recentMails(
  db: Db,
  recipient: string,
  template: string,
  since: number,
): Promise<{ count: number; first: number | null }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<number | null>('created_at').as('first')])
    .where('recipient', '=', recipient)
    .where('template', '=', template)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), first: row.first === null ? null : Number(row.first) };
}
