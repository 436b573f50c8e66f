import type { Kysely, Transaction } from 'kysely';
import { ApiError, say } from '../domain/errors.js';
import { findEmailToken, insertEmailToken, useEmailToken, type EmailTokenRow } from '../store/email-tokens.js';
import { randomToken } from '../store/ids.js';
import type { Database } from '../store/schema.js';
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

function refused(en: string, fr: string): ApiError {
  return new ApiError('InvalidParameterValue', say(en, fr));
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
  if (!row || !(purposes as readonly string[]).includes(row.purpose))
    throw refused(
      'This link is not valid: check that you copied it whole.',
      "Ce lien n'est pas valide : vérifiez que vous l'avez copié en entier.",
    );
  if (row.ended_reason === 'replaced')
    throw refused(
      'A newer link replaced this one: use the link in the latest mail.',
      'Un lien plus récent a remplacé celui-ci : utilisez le lien du dernier e-mail.',
    );
  if (row.ended_reason === 'withdrawn')
    throw refused(
      'This link no longer works: what it was sent for has changed since.',
      'Ce lien ne fonctionne plus : ce pour quoi il a été envoyé a changé depuis.',
    );
  if (row.used_at !== null) throw refused('This link has already been used.', 'Ce lien a déjà été utilisé.');
  if (row.expires_at <= now)
    throw refused('This link has expired: ask for a new one.', 'Ce lien a expiré : demandez-en un nouveau.');
  if (options.dryRun) return row;
  if (!(await useEmailToken(db, row.token_hash, now)))
    throw refused('This link has already been used.', 'Ce lien a déjà été utilisé.');
  return row;
}
