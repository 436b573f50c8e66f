import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { hashToken } from '../../auth/session-service.js';
import type { ApiError } from '../../domain/errors.js';
import type { Database } from '../../store/schema.js';
import { claimChallengeTry, hasSecondFactor, insertChallenge, takeChallenge } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser, type UserRow } from '../../store/users.js';
import { actingUser } from '../pipeline/audit-writer.js';
import { userDisabled } from '../pipeline/call-parts.js';
import { defineCall, type Services } from '../pipeline/registry.js';
import { flowErrors } from './errors.js';
import { checkFactor, FactorFields } from './factor-proof.js';
import { startSession } from './session-start.js';

const CHALLENGE_MINUTES = 5;
const CHALLENGE_TRIES = 5;

/** Whether signing in as this user needs a second step: they have a second factor. */
export async function needsSecondStep(db: Kysely<Database>, userId: string): Promise<boolean> {
  return hasSecondFactor(db, userId);
}

/** A right password of a user with a second factor: a challenge for the second step, never a session. */
export async function startSecondStep(tx: WriteTransaction, services: Services, userId: string): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  const now = services.now();
  await insertChallenge(tx.db, {
    challenge_hash: hashToken(challenge),
    user_id: userId,
    created_at: now,
    expires_at: now + CHALLENGE_MINUTES * 60_000,
    tries: 0,
  });
  return challenge;
}

/** A wrong second factor, an event of the user's account: with the tries left, or none. */
function wrongCode(user: UserRow, left: number): ApiError {
  const refusal = left > 0 ? flowErrors.WrongSignInCode({ Left: left }) : flowErrors.TooManyWrongSignInCodes();
  return refusal.securityEvent('WrongCode', { accountId: user.account_id, userId: user.user_id, interface: 'console' });
}

export const completeSignIn = defineCall({
  name: 'CompleteSignIn',
  summary:
    'The second step of a sign-in whose password was right: the challenge SignIn answered, with a code of the authenticator app or a recovery code. Opens the session.',
  origin: 'tessera',
  auth: ['none', 'session'],
  browserOnly: true,
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object(
    {
      Challenge: Type.String({ maxLength: 128, description: 'SecondFactorChallenge, as SignIn answered it.' }),
      ...FactorFields,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  // Every try is counted before its code is compared, out of the transaction, so that it stays counted.
  async prepare({ input, services, device }) {
    const { db } = services.store;
    const challengeHash = hashToken(input.Challenge);
    const challenge = await claimChallengeTry(db, challengeHash, { maxTries: CHALLENGE_TRIES, now: services.now() });
    const user = challenge ? await findUser(db, challenge.user_id) : undefined;
    if (!challenge || !user) throw flowErrors.SignInChallengeExpired();
    const proof = await checkFactor(services, user, input, device.ip);
    if (!proof) {
      if (challenge.tries >= CHALLENGE_TRIES) await takeChallenge(db, challengeHash);
      throw wrongCode(user, CHALLENGE_TRIES - challenge.tries);
    }
    if (user.disabled_at !== null) throw userDisabled();
    return { user, challengeHash, proof };
  },
  async handler(context) {
    const { tx, services, prepared, event } = context;
    const { user, challengeHash, proof } = prepared;
    if (!(await takeChallenge(tx.db, challengeHash))) throw flowErrors.SignInChallengeExpired();
    // Spent in the transaction that opens the session: two requests with one code, one session.
    if (!(await proof.spend(tx, services, user.user_id))) throw wrongCode(user, 0);
    event.actor = actingUser(user);
    event.changes = [proof.change];
    await startSession(context, tx, user, undefined, true);
    return {};
  },
});
