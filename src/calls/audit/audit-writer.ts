import { eventHash, GENESIS } from '../../domain/audit-chain.js';
import type { Change } from '../../domain/operations.js';
import { chainedEventOf, insertEvent, lastEventForAppend } from '../../store/audit-events.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { findUser } from '../../store/users.js';
import { personName } from '../operations/operation-output.js';
import type { CallContext, Principal, Services } from '../registry.js';

/** What happened, as one event of the account's trail. */
export interface AuditEntry {
  accountId: string;
  action: string;
  target?: string | undefined;
  changes: Change[];
  outcome: 'success' | 'awaiting-validation' | 'refused';
  operationId?: string | undefined;
  /** Who acted when the call had no credential (signing in, a reset link); `console` for the browser's own calls. */
  actor?: { userId: string; console: boolean };
}

/** Through which door the actor came: the console, a signed request (the CLI says who it is), Basic, or a validated operation. */
export function interfaceOf(principal: Principal | undefined, userAgent: string): string {
  if (!principal) return 'anonymous';
  if (principal.via === 'session') return 'console';
  if (principal.via === 'signature') return userAgent.startsWith('tessera-cli') ? 'cli' : 'api';
  return principal.via;
}

function credentialOf(principal: Principal | undefined): string | null {
  if (principal?.via === 'session') return principal.sessionId;
  if (principal?.via === 'signature') return principal.accessKeyId;
  return null;
}

/**
 * Appends one event to the account's chain in the transaction of the change it records: the
 * change and its event commit, or roll back, together.
 */
export async function recordEvent(
  tx: WriteTransaction,
  services: Services,
  context: Pick<CallContext<unknown, Principal | undefined>, 'principal' | 'device'>,
  entry: AuditEntry,
): Promise<void> {
  const { principal, device } = context;
  const found = entry.actor && (await findUser(tx.db, entry.actor.userId));
  const last = await lastEventForAppend(tx, services.store.engine, entry.accountId);
  const row = {
    account_id: entry.accountId,
    seq: (last?.seq ?? 0) + 1,
    at: services.now(),
    actor_id: principal?.userId ?? found?.user_id ?? null,
    actor_name: principal ? (principal.userName ?? 'owner') : found ? personName(found) : 'anonymous',
    interface: entry.actor?.console ? 'console' : interfaceOf(principal, device.userAgent),
    credential: credentialOf(principal),
    ip: device.ip,
    device: device.userAgent.slice(0, 256),
    action: entry.action,
    target: entry.target ?? null,
    changes: JSON.stringify(entry.changes),
    operation_id: entry.operationId ?? (principal?.via === 'operation' ? principal.operationId : null),
    validated_by: principal?.via === 'operation' ? principal.validatedBy : null,
    outcome: entry.outcome,
    prev_hash: last?.hash ?? GENESIS,
  };
  await insertEvent(tx.db, { ...row, hash: eventHash(chainedEventOf(row)) });
}

/**
 * Records, in a transaction of its own and without making the caller wait, something that
 * changed nothing but matters (a failed sign-in): the answer takes the same time whether or not
 * the account exists.
 */
export function recordSoon(
  services: Services,
  context: Pick<CallContext<unknown, Principal | undefined>, 'principal' | 'device'>,
  entry: AuditEntry,
): void {
  services.store
    .transaction((tx) => recordEvent(tx, services, context, entry))
    .catch((error: unknown) => services.log.error({ err: error }, 'an audit event could not be recorded'));
}

/** The object a call acts on, as its input names it. */
export function targetOf(input: Record<string, unknown>): string | undefined {
  for (const field of ['UserName', 'AccessKeyId', 'OperationId', 'SessionId', 'Provider'])
    if (typeof input[field] === 'string') return input[field];
  return undefined;
}
