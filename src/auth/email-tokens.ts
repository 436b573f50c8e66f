import type { Kysely, Transaction } from 'kysely';
import { findEmailToken, insertEmailToken, useEmailToken, type EmailTokenRow } from '../store/email-tokens.js';
import { randomToken } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import { authErrors } from './errors.js';
import { hashToken } from './session-service.js';

/** What an emailed link lets its holder do; a token serves one purpose only. */
export type EmailTokenPurpose =
  | 'confirm-email'
  | 'change-email'
  | 'cancel-email-change'
  | 'confirm-additional-email'
  | 'reset-password'
  | 'invitation';

/** A 256-bit single-use token bound to a user, a purpose and an address; only its hash is stored. */
export async function issueEmailToken(
  db: Transaction<Database>,
  userId: string,
  purpose: EmailTokenPurpose,
  address: string,
  lifetimeMs: number,
  now: number,
): Promise<string> {
  const token = randomToken(32);
  await insertEmailToken(db, {
    token_hash: hashToken(token),
    user_id: userId,
    purpose,
    address,
    expires_at: now + lifetimeMs,
    used_at: null,
    created_at: now,
    ended_reason: null,
  });
  return token;
}

/**
 * Uses a token for one of `purposes`: refuses, with a sentence, one that is unknown, foreign,
 * used or expired. `dryRun` checks it without spending it.
 */
export async function consumeEmailToken(
  db: Kysely<Database> | Transaction<Database>,
  token: string,
  purposes: readonly EmailTokenPurpose[],
  now: number,
  options: { dryRun?: boolean } = {},
): Promise<EmailTokenRow> {
  const row = /^[A-Za-z0-9_-]{43}$/.test(token) ? await findEmailToken(db, hashToken(token)) : undefined;
  if (!row || !(purposes as readonly string[]).includes(row.purpose)) throw authErrors.EmailLinkInvalid();
  if (row.ended_reason === 'replaced') throw authErrors.EmailLinkReplaced();
  if (row.ended_reason === 'withdrawn') throw authErrors.EmailLinkWithdrawn();
  if (row.used_at !== null) throw authErrors.EmailLinkAlreadyUsed();
  if (row.expires_at <= now) throw authErrors.EmailLinkExpired();
  if (options.dryRun) return row;
  if (!(await useEmailToken(db, row.token_hash, now))) throw authErrors.EmailLinkAlreadyUsed();
  return row;
}
