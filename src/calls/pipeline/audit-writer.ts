import { createHash } from 'node:crypto';
import { auditSealer } from '../../auth/secret-box.js';
import {
  eventHash,
  eventSealMessage,
  headSealHolds,
  headSealMessage,
  type AuditSealer,
} from '../../domain/audit-chain.js';
import type { EventReason } from '../../domain/errors.js';
import type { Change } from '../../domain/operations.js';
import { appendEvent, chainedEventOf, lockChainHead, type SealedEvent } from '../../store/audit-events.js';
import { logFailure } from '../../store/database-errors.js';
import type { ChainHead, WriteTransaction } from '../../store/transaction.js';
import { findUser, type UserRow } from '../../store/users.js';
import { personName } from './people.js';
import type { Actor, Principal } from './principal.js';
import type { CallContext, Services } from './registry.js';

/** What happened, as one event of the account's trail. */
export interface AuditEntry {
  accountId: string;
  action: string;
  target?: string | undefined;
  changes: Change[];
  outcome: 'success' | 'awaiting-validation' | 'refused';
  /** Why it was refused (WrongPassword, LockedOut, AccessDenied…), or why Tessera acted by itself. */
  reason?: EventReason;
  operationId?: string | undefined;
  /** Who acted when the call had no credential that proved it (signing in, a link, a refused signature). */
  actor?: Actor;
  /** Tessera itself acted, on a timer or a rule (an operation expired). */
  bySystem?: true;
}

/** A user the handler of a call open to anyone found, as its event names them (EventNotes.actor). */
export function actingUser(user: UserRow): Actor {
  return { userId: user.user_id, accountId: user.account_id, name: personName(user) };
}

/** Through which door the actor came: the console, a signed request (the CLI says who it is), Basic, or a validated operation. */
export function interfaceOf(principal: Principal | undefined, userAgent: string): string {
  // Before anyone signs in (a sign-up, an invitation accepted, a link followed) the interface is
  // the one the request came from: a browser is the console's page, the CLI says its name.
  if (!principal)
    return userAgent.startsWith('tessera-cli') ? 'cli' : userAgent.startsWith('Mozilla/') ? 'console' : 'api';
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
  context: EventContext,
  entry: AuditEntry,
): Promise<void> {
  const named = entry.actor;
  const found = named && !named.name ? await findUser(tx.db, named.userId) : undefined;
  const head = await lockChainHead(tx, entry.accountId);
  const sealer = auditSealer(services.secrets);
  await appendEvent(tx, services.store.engine, eventRow(context, entry, head, services.now(), sealer, found));
}

type EventContext = Pick<CallContext<unknown, Principal | undefined>, 'principal' | 'device'>;

/**
 * The event as stored, chained after `head`, at `at`: who acted, through which door, what
 * changed, and its hash. `named` is the user an unproved actor names, found by the caller.
 */
export function eventRow(
  { principal, device }: EventContext,
  entry: AuditEntry,
  head: ChainHead,
  at: number,
  seal: AuditSealer,
  named?: UserRow,
): SealedEvent {
  const actor = entry.actor;
  const row = {
    account_id: entry.accountId,
    seq: head.seq + 1,
    at,
    actor_id: entry.bySystem ? null : (actor?.userId ?? principal?.userId ?? null),
    actor_name: entry.bySystem
      ? 'system'
      : actor
        ? (actor.name ?? (named ? personName(named) : 'anonymous'))
        : (principal?.userName ?? (principal ? 'owner' : 'anonymous')),
    interface: entry.bySystem ? 'system' : (actor?.interface ?? interfaceOf(principal, device.userAgent)),
    credential: actor ? (actor.credential ?? null) : credentialOf(principal),
    ip: device.ip,
    device: device.userAgent.slice(0, 256),
    action: entry.action,
    target: entry.target ?? null,
    changes: JSON.stringify(entry.changes),
    operation_id: entry.operationId ?? (principal?.via === 'operation' ? principal.operationId : null),
    validated_by: principal?.via === 'operation' ? principal.validatedBy : null,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    prev_hash: head.hash,
  };
  const hash = eventHash(chainedEventOf(row));
  // After a head the server did not seal, the event is left unsealed: the break stays visible.
  const follows = headSealHolds(seal, row.account_id, head);
  return {
    ...row,
    hash,
    seal: follows ? seal.seal(eventSealMessage(row.account_id, row.seq, hash)) : null,
    head_seal: seal.seal(headSealMessage(row.account_id, row.seq, hash)),
  };
}

/**
 * The actions Tessera records of itself, beside the registry's calls: a reader's sentences for
 * events are checked against both lists (test/unit/event-sentences.test.ts).
 */
export const SYSTEM_ACTIONS = ['OperationExpired', 'OperationCancelled'] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** What Tessera did by itself to an account (an operation expired), in the transaction that did it. */
export function recordSystemEvent(
  tx: WriteTransaction,
  services: Services,
  entry: Pick<AuditEntry, 'accountId' | 'target' | 'reason'> & { action: SystemAction },
): Promise<void> {
  return recordEvent(
    tx,
    services,
    { principal: undefined, device: { ip: '', userAgent: '' } },
    { ...entry, changes: [], outcome: 'success', bySystem: true },
  );
}

/**
 * Records, in a transaction of its own and without making the caller wait, something that
 * changed nothing but matters (a failed sign-in): the answer takes the same time whether or not
 * the account exists.
 */
export function recordSoon(services: Services, context: EventContext, entry: AuditEntry): void {
  if (entry.reason) services.metrics?.refusal(entry.reason);
  services.store
    .transaction((tx) => recordEvent(tx, services, context, entry))
    .catch((error: unknown) => logFailure(services.log, 'an audit event could not be recorded', error));
}

/** An address someone tried, as events keep it: the same address always gives the same value, which tells nothing of it. */
export function triedEmail(address: string): Change {
  return { Field: 'EmailHash', NewValue: createHash('sha256').update(address.trim().toLowerCase()).digest('hex') };
}

/** The object a call acts on, as its input names it. */
export function targetOf(input: Record<string, unknown>): string | undefined {
  for (const field of ['UserName', 'AccessKeyId', 'OperationId', 'SessionId', 'Provider'])
    if (typeof input[field] === 'string') return input[field];
  return undefined;
}
