import type { Kysely } from 'kysely';
import { ApiError } from '../../domain/errors.js';
import type { Database } from '../../store/schema.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { isSignatureUsed, rememberSignature } from '../../store/used-signatures.js';
import { pipelineErrors } from './errors.js';
import type { Principal } from './principal.js';
import type { Services } from './registry.js';

function replayed(): ApiError {
  return pipelineErrors.SignedRequestReplayed();
}

/**
 * A signed write is accepted once (ATK-50): a captured request replayed within its date window
 * changes nothing. Checked early, so that a replay does no work.
 */
export async function refuseKnownSignature(principal: Principal | undefined, services: Services): Promise<void> {
  if (principal?.via !== 'signature') return;
  // Records past their window only take room: the expiry sweep forgets them (store/expiry-sweeps.ts).
  if (await isSignatureUsed(services.store.db, principal.signature.value)) throw replayed();
}

/**
 * Spends the signature of a write another service of the platform received and had verified
 * (VerifyRequest): that service's change is not in Tessera's database, so the signature is used
 * as soon as it is verified, by one statement that a concurrent spend on any instance waits for.
 */
export async function spendSignature(
  db: Kysely<Database>,
  signature: { value: string; expiresAt: number },
): Promise<void> {
  if (!(await rememberSignature(db, signature.value, signature.expiresAt))) throw replayed();
}

/** Records the signature with the change it signs: a rolled-back change (a failure, DryRun) leaves it unused. */
export async function recordSignature(tx: WriteTransaction, principal: Principal | undefined): Promise<void> {
  if (principal?.via !== 'signature') return;
  if (!(await rememberSignature(tx.db, principal.signature.value, principal.signature.expiresAt))) throw replayed();
}
