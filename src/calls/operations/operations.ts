import { timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import { hashToken } from '../../auth/session-service.js';
import { authorize } from '../../domain/authorization.js';
import { ApiError, say } from '../../domain/errors.js';
import { checkMayValidate } from '../../domain/operations.js';
import { SENSITIVE_EFFECTS } from '../../domain/sensitive-effects.js';
import { errorSentences } from '../../phrases/index.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import {
  claimTokenTry,
  keepOperationResult,
  decideOperation,
  findOperation,
  findOperationToken,
  lockOperation,
  type OperationRow,
} from '../../store/operations.js';
import type { Database, OperationState } from '../../store/schema.js';
import { findUser } from '../../store/users.js';
import { linkValidatedIdentity } from '../flows/identity-outcomes.js';
import { recordSystemEvent } from '../pipeline/audit-writer.js';
import { accountGone, AnswerAfterRollback, userDisabled } from '../pipeline/call-parts.js';
import { runValidatedCall } from '../pipeline/call-runner.js';
import { OperationId, OperationSchema, operationOutput } from '../pipeline/operation-output.js';
import { queueOutcome } from '../pipeline/operation-requests.js';
import { type People, userNames } from '../pipeline/people.js';
import { identityOf, type Principal } from '../pipeline/principal.js';
import { defineCall, type AnyCall, type CallContext, type Services } from '../pipeline/registry.js';
import { operationErrors } from './errors.js';
import { expireOperation } from './operation-expiry.js';

/** Why an operation already decided can no longer be validated nor cancelled. */
function notPending(operationId: string, state: Exclude<OperationState, 'pending'>): ApiError {
  const decided = {
    done: operationErrors.OperationAlreadyCarriedOut,
    failed: operationErrors.OperationAlreadyFailed,
    cancelled: operationErrors.OperationCancelled,
    expired: operationErrors.OperationExpired,
  }[state];
  return decided({ OperationId: operationId });
}

async function pendingOperation(services: Services, principal: Principal, id: string) {
  const row = await findOperation(services.store.db, principal.accountId, id);
  if (!row) throw operationErrors.OperationNotFound({ OperationId: id });
  const account = await readAccount(services.store.db, principal.accountId);
  if (!account) throw accountGone();
  if (row.state === 'pending' && row.expires_at <= services.now()) {
    await expireOperation(services, row);
    throw notPending(row.operation_id, 'expired');
  }
  if (row.state !== 'pending') throw notPending(row.operation_id, row.state);
  return { row, account };
}

/** The requester, as they are now: rights lost since the request count. */
async function requesterOf(
  db: Kysely<Database> | Transaction<Database>,
  services: Services,
  row: OperationRow,
  validatedBy: string,
): Promise<Principal> {
  const user = await findUser(db, row.requester_id);
  if (!user || user.disabled_at !== null) throw operationErrors.OperationRequesterDisabled();
  const stored = {
    userId: user.user_id,
    accountId: user.account_id,
    isOwner: user.is_owner === 1,
    userName: user.user_name,
    storedRights: user.rights,
  };
  return {
    ...identityOf(stored, services),
    via: 'operation',
    operationId: row.operation_id,
    validatedBy,
    requestedAt: row.created_at,
    subjectId: row.subject_id,
  };
}

const NO_COOKIE = { set: () => undefined, clear: () => undefined, read: () => undefined };

/**
 * The context an operation's call runs in: its requester's, with what they asked; no cookie, and
 * not the account the validator's own credential read.
 */
function requesterContext(
  { accountAsRead: _validators, ...context }: CallContext<unknown, Principal>,
  input: Record<string, unknown>,
  requester: Principal,
): CallContext<Record<string, unknown>, Principal> {
  return { ...context, input, principal: requester, cookie: NO_COOKIE, flowCookie: NO_COOKIE };
}

type ValidateContext = Parameters<(typeof validateOperation)['handler']>[0];

export const validateOperation = defineCall({
  name: 'ValidateOperation',
  summary:
    'Confirms a pending operation with the token mailed to you: its call then runs once, as its requester, with their rights as they are now.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'right', right: 'TokenValidator' },
  completes: { effects: SENSITIVE_EFFECTS, because: 'it carries out what a token validator has just confirmed' },
  effect: 'write',
  input: Type.Object(
    { OperationId, Token: Type.String({ maxLength: 64, description: 'The token mailed to you for it.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({ Operation: OperationSchema }),
  freshness: { proof: 'recent-sign-in', what: say('Validating an operation', 'Valider une opération') },
  // Checked before the transaction, so that a wrong token is counted whatever happens next.
  async prepare(context) {
    const { input, principal, services } = context;
    // Whatever the policy, a disabled validator validates nothing (a credential still in flight).
    const validator = await findUser(services.store.db, principal.userId);
    if (!validator || validator.disabled_at !== null) throw userDisabled();
    const { row, account } = await pendingOperation(services, principal, input.OperationId);
    // Turning the option on is proved by any validator's mailbox; once on, the policy decides.
    const activation = row.action === 'UpdateAccountSecurity' && account.advanced_security === 0;
    if (!activation) checkMayValidate(account.validation_policy, row.requester_id, principal.userId);
    // Counted before compared, so that concurrent guesses cannot all be compared.
    const tries = await claimTokenTry(services.store.db, row.operation_id, services.config.operationTries);
    if (tries === undefined) {
      // Decided meanwhile (another validator was quicker): told as such, not as a wrong token.
      const decided = await findOperation(services.store.db, principal.accountId, row.operation_id);
      if (decided && decided.state !== 'pending') throw notPending(decided.operation_id, decided.state);
    }
    const stored = await findOperationToken(services.store.db, row.operation_id, principal.userId);
    const given = hashToken(input.Token.replace(/[\s-]/g, ''));
    if (tries !== undefined && stored && timingSafeEqual(Buffer.from(stored), Buffer.from(given)))
      return { account, stored: row.kind === 'call' ? await prepareStoredCall(context, row) : undefined };
    const left = services.config.operationTries - (tries ?? services.config.operationTries);
    if (left <= 0) {
      await services.store.transaction(async (tx) => {
        if (await decideOperation(tx.db, row.operation_id, { state: 'cancelled', by: null, at: services.now() })) {
          await queueOutcome(tx, services, row, account, { state: 'cancelled' });
          await recordSystemEvent(tx, services, {
            accountId: row.account_id,
            action: 'OperationCancelled',
            target: row.operation_id,
            reason: 'TooManyWrongTokens',
          });
        }
      });
      throw operationErrors.TooManyWrongOperationTokens({ OperationId: row.operation_id }).securityEvent('BadToken');
    }
    throw operationErrors.WrongOperationToken({ OperationId: row.operation_id, Left: left }).securityEvent('BadToken');
  },
  async handler(context) {
    const { input, principal, services, tx, prepared } = context;
    const account: AccountRow = prepared.account;
    // Locked: of two validators at once, the second finds it decided.
    const row = await lockOperation(tx, input.OperationId);
    if (!row) throw operationErrors.OperationNotFound({ OperationId: input.OperationId });
    if (row.state !== 'pending') throw notPending(row.operation_id, row.state);
    const now = services.now();
    const names = await userNames(tx, row.account_id);
    const result = await carryOut(context, row, names);
    // The operation's call failed: what it wrote is undone, and the failure recorded after.
    if (result instanceof AnswerAfterRollback) return result;
    const decided = { decided_by: principal.userId, decided_at: now, result_sealed: result };
    await decideOperation(tx.db, row.operation_id, { state: 'done', by: principal.userId, at: now });
    const resultWaiting = result !== null;
    await queueOutcome(tx, services, row, account, { state: 'done', by: principal.userId, resultWaiting });
    return { Operation: operationOutput({ ...row, ...decided, state: 'done' }, names, context.language) };
  },
});

/** An operation's call, ready to run: or why it cannot, found before the transaction. */
type StoredCall =
  { call: AnyCall; input: Record<string, unknown>; prepared: unknown; refusal?: undefined } | { refusal: ApiError };

/**
 * The stored call's `prepare` step (hashing a password, checking a link), as its requester, out
 * of the transaction as for any call. A refusal is kept, to be recorded on the operation.
 */
async function prepareStoredCall(context: CallContext<Record<string, unknown>, Principal>, row: OperationRow) {
  const { services } = context;
  try {
    const call = services.calls.get(row.action);
    if (!call) throw new Error(`operation ${row.operation_id} holds an unknown call ${row.action}`);
    const input = JSON.parse(services.secrets.open(row.input_sealed, row.operation_id)) as Record<string, unknown>;
    const requester = await requesterOf(services.store.db, services, row, context.principal.userId);
    authorize(call.name, call.access, requester, input, services.config.platformAccountId);
    const storedContext = requesterContext(context, input, requester);
    return { call, input, prepared: call.prepare ? await call.prepare(storedContext) : undefined } as StoredCall;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { refusal: error } as StoredCall;
  }
}

/**
 * Carries an operation out in the validation's transaction: its call as its requester, or the
 * provider it links. A refusal is recorded on the operation, whatever was written undone.
 */
async function carryOut(
  context: ValidateContext,
  row: OperationRow,
  names: People,
): Promise<string | null | AnswerAfterRollback> {
  const { principal, services, tx, prepared } = context;
  const now = services.now();
  const { stored } = prepared;
  try {
    if (row.kind === 'link') {
      const input = JSON.parse(services.secrets.open(row.input_sealed, row.operation_id)) as Record<string, unknown>;
      await requesterOf(tx.db, services, row, principal.userId);
      await linkValidatedIdentity(tx, services, row.requester_id, input);
    } else if (stored) {
      if (stored.refusal) throw stored.refusal;
      // Checked again in the transaction: a right lost a moment ago counts.
      const requester = await requesterOf(tx.db, services, row, principal.userId);
      authorize(stored.call.name, stored.call.access, requester, stored.input, services.config.platformAccountId);
      const output = await runValidatedCall(
        stored.call,
        requesterContext(context, stored.input, requester),
        tx,
        stored.prepared,
      );
      if (output instanceof AnswerAfterRollback) return output;
      if (stored.call.resultForRequester) {
        const sealed = services.secrets.seal(JSON.stringify(output), `result:${row.operation_id}`);
        await keepOperationResult(tx.db, row.operation_id, sealed);
        return sealed;
      }
    }
    // A platform's action runs on the platform, once its webhook or ReadOperations tells it.
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const words = errorSentences(error);
    const failure = JSON.stringify(words);
    const failed = { ...row, decided_by: principal.userId, decided_at: now, state: 'failed' as const, failure };
    return new AnswerAfterRollback({ Operation: operationOutput(failed, names, context.language) }, async (after) => {
      const decision = { state: 'failed' as const, by: principal.userId, at: now, failure };
      if (await decideOperation(after.db, row.operation_id, decision))
        await queueOutcome(after, services, row, prepared.account, {
          state: 'failed',
          by: principal.userId,
          failure: words,
        });
    });
  }
}

export const cancelOperation = defineCall({
  name: 'CancelOperation',
  summary: 'Cancels a pending operation: its requester or any token validator may. Nothing it asked for happens.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object({ OperationId }, { additionalProperties: false }),
  output: Type.Object({ Operation: OperationSchema }),
  async handler({ input, principal, services, tx, language }) {
    const row = await lockOperation(tx, input.OperationId);
    if (!row || row.account_id !== principal.accountId)
      throw operationErrors.OperationNotFound({ OperationId: input.OperationId });
    if (row.requester_id !== principal.userId && !principal.rights.has('TokenValidator'))
      throw operationErrors.NotAllowedToCancelOperation();
    if (row.state !== 'pending') throw notPending(row.operation_id, row.state);
    const account = await readAccount(tx.db, principal.accountId);
    if (!account) throw accountGone();
    const now = services.now();
    await decideOperation(tx.db, row.operation_id, { state: 'cancelled', by: principal.userId, at: now });
    await queueOutcome(tx, services, row, account, { state: 'cancelled', by: principal.userId });
    const names = await userNames(tx, row.account_id);
    return {
      Operation: operationOutput(
        { ...row, state: 'cancelled', decided_by: principal.userId, decided_at: now },
        names,
        language,
      ),
    };
  },
});
