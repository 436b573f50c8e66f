import { signInSubjects } from '../../auth/sign-in-guard.js';
import { ApiError, say } from '../../domain/errors.js';
import { recoveryCodeHash, totpStep } from '../../domain/second-factors.js';
import { findTotp, hasUnusedRecoveryCode, spendRecoveryCode, useTotpStep } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import type { Services } from '../registry.js';

/** What a person gives as their second factor: a code of the app, or a recovery code. */
export interface FactorInput {
  TotpCode?: string | undefined;
  RecoveryCode?: string | undefined;
}

/** A code found right, to spend in the transaction that acts on it. */
export type FactorProof = { step: number } | { recoveryHash: string };

/**
 * Checks a second factor before the transaction, under the same throttle as passwords (a guessed
 * code costs as much as a guessed password); returns the proof, or undefined for a wrong code
 * (counted). The code is not spent yet: `spendFactor` does it in the call's transaction.
 */
export async function checkFactor(
  services: Services,
  user: UserRow,
  input: FactorInput,
  ip: string,
): Promise<FactorProof | undefined> {
  if ((input.TotpCode === undefined) === (input.RecoveryCode === undefined))
    throw new ApiError(
      'InvalidParameter',
      say('Send either TotpCode or RecoveryCode.', 'Envoyez soit TotpCode, soit RecoveryCode.'),
    );
  const { db } = services.store;
  const subjects = signInSubjects(user.email_key ?? user.user_id, ip);
  const verdict = await services.signInGuard.check(subjects);
  let proof: FactorProof | undefined;
  if (input.TotpCode !== undefined) {
    const totp = await findTotp(db, user.user_id);
    const secret = totp?.confirmed_at != null && services.secrets.open(totp.secret_sealed, `totp:${user.user_id}`);
    const step = secret ? totpStep(secret, input.TotpCode.trim(), services.now(), totp.last_step) : undefined;
    if (step !== undefined) proof = { step };
  } else {
    const recoveryHash = recoveryCodeHash(input.RecoveryCode ?? '');
    if (await hasUnusedRecoveryCode(db, user.user_id, recoveryHash)) proof = { recoveryHash };
  }
  if (verdict.locked || !proof) {
    await services.signInGuard.failed(subjects);
    return undefined;
  }
  await services.signInGuard.succeeded(subjects, verdict);
  return proof;
}

/** Spends the code once, in the transaction that acts on it: false when another request spent it first. */
export function spendFactor(
  tx: WriteTransaction,
  services: Services,
  userId: string,
  proof: FactorProof,
): Promise<boolean> {
  return 'step' in proof
    ? useTotpStep(tx.db, userId, proof.step)
    : spendRecoveryCode(tx.db, userId, proof.recoveryHash, services.now());
}

/** How the event names the proof, never its value. */
export function factorChange(proof: FactorProof) {
  return { Field: 'step' in proof ? 'TotpCode' : 'RecoveryCode', Secret: true } as const;
}
