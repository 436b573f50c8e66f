import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, SignInChallengesTable, TotpFactorsTable } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type TotpRow = Selectable<TotpFactorsTable>;
export type ChallengeRow = Selectable<SignInChallengesTable>;

export async function findTotp(db: Db, userId: string): Promise<TotpRow | undefined> {
  return db.selectFrom('totp_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A new, unconfirmed secret for the user, replacing an enrolment they did not finish. */
/**
 * A new secret being added, in place of one being added before; never over a confirmed app (an
 * upsert that replaces only an unconfirmed row: no factor is removed, and no effect is sensitive).
 */
export async function startTotp(db: Db, row: TotpRow): Promise<void> {
  await db
    .insertInto('totp_factors')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .column('user_id')
        .doUpdateSet({
          secret_sealed: row.secret_sealed,
          created_at: row.created_at,
          confirmed_at: null,
          last_step: null,
        })
        .where('totp_factors.confirmed_at', 'is', null),
    )
    .execute();
}

/** Records the step a code was accepted for, once: false when another request used it or a later one first. */
export async function useTotpStep(db: Db, userId: string, step: number, confirmedAt?: number): Promise<boolean> {
  const result = await db
    .updateTable('totp_factors')
    .set({ last_step: step, ...(confirmedAt !== undefined ? { confirmed_at: confirmedAt } : {}) })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteTotp(db: Db, userId: string): Promise<boolean> {
  const result = await db.deleteFrom('totp_factors').where('user_id', '=', userId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[], now: number): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(hashes.map((code_hash) => ({ code_hash, user_id: userId, created_at: now, used_at: null })))
    .execute();
}

export async function deleteRecoveryCodes(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string | number>().as('left'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.left);
}

export async function hasUnusedRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('recovery_codes')
    .select('code_hash')
    .where('code_hash', '=', codeHash)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Spends one of the user's recovery codes: false when it is not theirs, or already used. */
export async function spendRecoveryCode(db: Db, userId: string, codeHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('code_hash', '=', codeHash)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertChallenge(db: Db, row: ChallengeRow): Promise<void> {
  await db.insertInto('sign_in_challenges').values(row).execute();
}

/**
 * Counts a try against a live challenge before its code is compared, in one statement: of any
 * number of concurrent tries, at most `maxTries` are ever compared (ASVS 6.3.1). Undefined when
 * the challenge is gone, expired or has no try left.
 */
export async function claimChallengeTry(
  db: Db,
  challengeHash: string,
  limits: { maxTries: number; now: number },
): Promise<Pick<ChallengeRow, 'user_id' | 'tries'> | undefined> {
  return db
    .updateTable('sign_in_challenges')
    .set((eb) => ({ tries: eb('tries', '+', 1) }))
    .where('challenge_hash', '=', challengeHash)
    .where('tries', '<', limits.maxTries)
    .where('expires_at', '>', limits.now)
    .returning(['user_id', 'tries'])
    .executeTakeFirst();
}

/** Takes the challenge: false when another request took it first. */
export async function takeChallenge(db: Db, challengeHash: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sign_in_challenges')
    .where('challenge_hash', '=', challengeHash)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The session that enrolled no longer waits for a second factor; the user's others end. */
export async function releaseEnrolment(db: Db, userId: string, enrollingSessionId: string | undefined): Promise<void> {
  if (enrollingSessionId !== undefined)
    await db.updateTable('sessions').set({ must_enrol: 0 }).where('session_id', '=', enrollingSessionId).execute();
  // Other sessions waiting to enrol were opened with the password alone: now that the user has a
  // second factor, they sign in again with it.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('must_enrol', '=', 1).execute();
}

/** How many second factors the user holds: a confirmed authenticator app, and each passkey. */
export async function countSecondFactors(db: Db, userId: string): Promise<number> {
  const totp = await db
    .selectFrom('totp_factors')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .execute();
  const passkeys = await db.selectFrom('passkeys').select('credential_id').where('user_id', '=', userId).execute();
  return totp.length + passkeys.length;
}

/** Whether the user has a second factor: the one place it is decided (sign-in, proofs, enrolment). */
export async function hasSecondFactor(db: Db, userId: string): Promise<boolean> {
  return (await secondFactorsOf(db, userId)).length > 0;
}

/** The second factors a user can give: an authenticator app (with its recovery codes), passkeys. */
export async function secondFactorsOf(db: Db, userId: string): Promise<('Totp' | 'Passkey')[]> {
  // One statement: every sign-in asks.
  const { totp, passkey } = await db
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('totp_factors')
            .select('user_id')
            .where('user_id', '=', userId)
            .where('confirmed_at', 'is not', null),
        )
        .as('totp'),
      eb.exists(eb.selectFrom('passkeys').select('user_id').where('user_id', '=', userId)).as('passkey'),
    ])
    .executeTakeFirstOrThrow();
  // SQLite answers 0 or 1, PostgreSQL a boolean.
  return [...(Number(totp) ? ['Totp' as const] : []), ...(Number(passkey) ? ['Passkey' as const] : [])];
}
