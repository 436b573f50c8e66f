import { secondFactorSubjects } from '../../auth/sign-in-guard.js';
import { ApiError, say } from '../../domain/errors.js';
import type { Change } from '../../domain/operations.js';
import { recoveryCodeHash, totpStep } from '../../domain/second-factors.js';
import { findPasskey, notePasskeyUse, type PasskeyRow } from '../../store/passkeys.js';
import { findTotp, hasUnusedRecoveryCode, spendRecoveryCode, useTotpStep } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import type { Services } from '../pipeline/registry.js';
import { CredentialJson, verifyAssertion } from './passkey-assertion.js';

/** What a person gives as their second factor: a code of the app, a recovery code, or a passkey's assertion. */
export interface FactorInput {
  TotpCode?: string | undefined;
  RecoveryCode?: string | undefined;
  Passkey?: CredentialJson | undefined;
}

/** A proof found right, to spend in the transaction that acts on it. */
export type FactorProof =
  { step: number } | { recoveryHash: string } | { passkey: PasskeyRow; use: { counter: number; backedUp: boolean } };

/**
 * Checks a second factor before the transaction, under the same throttle as passwords but counted
 * apart from them (a guessed code costs as much as a guessed password; see secondFactorSubjects); returns the proof, or undefined for a wrong code
 * (counted). The code is not spent yet: `spendFactor` does it in the call's transaction.
 */
export async function checkFactor(
  services: Services,
  user: UserRow,
  input: FactorInput,
  ip: string,
): Promise<FactorProof | undefined> {
  if ([input.TotpCode, input.RecoveryCode, input.Passkey].filter((given) => given !== undefined).length !== 1)
    throw new ApiError(
      'InvalidParameter',
      say('Send one of TotpCode, RecoveryCode or Passkey.', 'Envoyez un seul de TotpCode, RecoveryCode ou Passkey.'),
    );
  const { db } = services.store;
  const subjects = secondFactorSubjects(user.user_id, ip);
  const verdict = await services.signInGuard.check(subjects);
  let proof: FactorProof | undefined;
  if (input.TotpCode !== undefined) {
    const totp = await findTotp(db, user.user_id);
    const secret = totp?.confirmed_at != null && services.secrets.open(totp.secret_sealed, `totp:${user.user_id}`);
    const step = secret ? totpStep(secret, input.TotpCode.trim(), services.now(), totp.last_step) : undefined;
    if (step !== undefined) proof = { step };
  } else if (input.Passkey !== undefined) {
    // The user's own passkey only: another person's, even valid, proves nothing of this one.
    const passkey = await findPasskey(db, input.Passkey.id);
    const use =
      passkey?.user_id === user.user_id ? await verifyAssertion(db, services, passkey, input.Passkey) : undefined;
    if (passkey && use) proof = { passkey, use };
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
  if ('passkey' in proof) return notePasskeyUse(tx.db, proof.passkey, { ...proof.use, at: services.now() });
  return 'step' in proof
    ? useTotpStep(tx.db, userId, proof.step)
    : spendRecoveryCode(tx.db, userId, proof.recoveryHash, services.now());
}

/** How the event names the proof, never its value. */
export function factorChange(proof: FactorProof): Change {
  if ('passkey' in proof) return { Field: 'Passkey', NewValue: proof.passkey.name };
  return { Field: 'step' in proof ? 'TotpCode' : 'RecoveryCode', Secret: true };
}
