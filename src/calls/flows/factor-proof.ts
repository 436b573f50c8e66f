import { Type } from '@sinclair/typebox';
import { secondFactorSubjects } from '../../auth/sign-in-guard.js';
import type { Change } from '../../domain/operations.js';
import { recoveryCodeHash, totpStep } from '../../domain/second-factors.js';
import { findPasskey, notePasskeyUse, type PasskeyRow } from '../../store/passkeys.js';
import { findTotp, hasUnusedRecoveryCode, spendRecoveryCode, useTotpStep } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import type { Services } from '../pipeline/registry.js';
import { flowErrors } from './errors.js';
import { CredentialJson, verifyAssertion } from './passkey-assertion.js';

/** The input fields that give a second factor, one of them: the calls that take one declare them so. */
export const FactorFields = {
  TotpCode: Type.Optional(Type.String({ maxLength: 16, description: 'The six digits the app shows.' })),
  RecoveryCode: Type.Optional(Type.String({ maxLength: 32, description: 'One of your recovery codes.' })),
  Passkey: Type.Optional({
    ...CredentialJson,
    description: "Your passkey's answer to StartPasskeySignIn's options.",
  }),
};

/** What a person gives as their second factor: a code of the app, a recovery code, or a passkey's assertion. */
export interface FactorInput {
  TotpCode?: string | undefined;
  RecoveryCode?: string | undefined;
  Passkey?: CredentialJson | undefined;
}

/**
 * One way to prove a second factor (as Kratos's strategies): how a given value is checked, how
 * a proof found right is spent once in the transaction that acts on it, and how the event names
 * it, never its value.
 */
interface FactorStrategy<Given, Proof> {
  check(services: Services, user: UserRow, given: Given): Promise<Proof | undefined>;
  spend(tx: WriteTransaction, services: Services, userId: string, proof: Proof): Promise<boolean>;
  change(proof: Proof): Change;
}

const totp: FactorStrategy<string, { step: number }> = {
  async check(services, user, code) {
    const factor = await findTotp(services.store.db, user.user_id);
    const secret = factor?.confirmed_at != null && services.secrets.open(factor.secret_sealed, `totp:${user.user_id}`);
    const step = secret ? totpStep(secret, code.trim(), services.now(), factor.last_step) : undefined;
    return step === undefined ? undefined : { step };
  },
  spend: (tx, _services, userId, { step }) => useTotpStep(tx.db, userId, step),
  change: () => ({ Field: 'TotpCode', Secret: true }),
};

const recoveryCode: FactorStrategy<string, { hash: string }> = {
  async check(services, user, code) {
    const hash = recoveryCodeHash(code);
    return (await hasUnusedRecoveryCode(services.store.db, user.user_id, hash)) ? { hash } : undefined;
  },
  spend: (tx, services, userId, { hash }) => spendRecoveryCode(tx.db, userId, hash, services.now()),
  change: () => ({ Field: 'RecoveryCode', Secret: true }),
};

const passkey: FactorStrategy<CredentialJson, { row: PasskeyRow; use: { counter: number; backedUp: boolean } }> = {
  async check(services, user, credential) {
    const { db } = services.store;
    // The user's own passkey only: another person's, even valid, proves nothing of this one.
    const row = await findPasskey(db, credential.id);
    const use = row?.user_id === user.user_id ? await verifyAssertion(db, services, row, credential) : undefined;
    return row && use ? { row, use } : undefined;
  },
  spend: (tx, services, _userId, { row, use }) => notePasskeyUse(tx.db, row, { ...use, at: services.now() }),
  change: ({ row }) => ({ Field: 'Passkey', NewValue: row.name }),
};

/** A proof found right: spent once in the transaction that acts on it (false when another request spent it first), and named in its event. */
export interface FactorProof {
  spend(tx: WriteTransaction, services: Services, userId: string): Promise<boolean>;
  change: Change;
}

function proofOf<Proof>(strategy: FactorStrategy<never, Proof>, proof: Proof | undefined): FactorProof | undefined {
  if (proof === undefined) return undefined;
  return {
    spend: (tx, services, userId) => strategy.spend(tx, services, userId, proof),
    change: strategy.change(proof),
  };
}

/** The one factor the input gives, checked by its strategy. */
async function checkGiven(services: Services, user: UserRow, input: FactorInput): Promise<FactorProof | undefined> {
  if (input.TotpCode !== undefined) return proofOf(totp, await totp.check(services, user, input.TotpCode));
  if (input.Passkey !== undefined) return proofOf(passkey, await passkey.check(services, user, input.Passkey));
  return proofOf(recoveryCode, await recoveryCode.check(services, user, input.RecoveryCode ?? ''));
}

/**
 * Checks a second factor before the transaction, under the same throttle as passwords but counted
 * apart from them (a guessed code costs as much as a guessed password; see secondFactorSubjects); returns the proof, or undefined for a wrong code
 * (counted). The code is not spent yet: the proof's `spend` does it in the call's transaction.
 */
export async function checkFactor(
  services: Services,
  user: UserRow,
  input: FactorInput,
  ip: string,
): Promise<FactorProof | undefined> {
  if ([input.TotpCode, input.RecoveryCode, input.Passkey].filter((given) => given !== undefined).length !== 1)
    throw flowErrors.OneSecondFactorExpected();
  const subjects = secondFactorSubjects(user.user_id, ip);
  const verdict = await services.signInGuard.check(subjects);
  const proof = await checkGiven(services, user, input);
  if (verdict.locked || !proof) {
    await services.signInGuard.failed(subjects);
    return undefined;
  }
  await services.signInGuard.succeeded(subjects, verdict);
  return proof;
}
