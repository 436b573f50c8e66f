import { auditSealer } from '../../auth/secret-box.js';
import { ApiError, say } from '../../domain/errors.js';
import { changesOf, checkEnoughValidators } from '../../domain/operations.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import { chainHeadOf } from '../../store/audit-events.js';
import { countInWindow } from '../../store/auth-failures.js';
import { countSecondFactors } from '../../store/second-factors.js';
import { UnallowedSensitiveWrite, type WriteTransaction } from '../../store/transaction.js';
import { lockUser } from '../../store/users.js';
import { eventRow, recordEvent, targetOf } from './audit-writer.js';
import { AnswerAfterRollback } from './call-parts.js';
import { findSubject } from './call-subject.js';
import { answerGivenBefore, idempotentRequest, keepAnswerFor } from './idempotency.js';
import { AwaitingValidation, type OperationOutput } from './operation-output.js';
import { accountValidators, needsValidation, requestOperation } from './operation-requests.js';
import {
  NdjsonAnswer,
  sensitivityOf,
  type AnyCall,
  type CallContext,
  type EventNotes,
  type Principal,
  type Requester,
} from './registry.js';
import { recordSignature, refuseKnownSignature } from './replay-guard.js';

type AnyHandlerContext = Parameters<AnyCall['handler']>[0];
type Context = CallContext<Record<string, unknown>, Principal | undefined>;

/** The user an operation was asked for was renamed away, and another now bears the name. */
function targetChanged(input: Record<string, unknown>): ApiError {
  const name = JSON.stringify(input.UserName);
  return new ApiError(
    'InvalidParameterValue',
    say(
      `The user ${name} this operation was asked for is no longer the one who bears that name: nothing was changed. Ask again.`,
      `L'utilisateur ${name} pour qui cette opération a été demandée ne porte plus ce nom : rien n'a été modifié. Redemandez-la.`,
    ),
  );
}

/** Counts an anonymous request of `call` from its address; refuses it past the call's rate (CallDefinition.perAddress). */
async function throttleAddress(call: AnyCall, { services, device }: Context): Promise<void> {
  const perMinute = call.perAddress?.perMinute ?? Number.POSITIVE_INFINITY;
  const now = services.now();
  const { count, windowEnds } = await countInWindow(services.store.db, `rate:${call.name}:${device.ip}`, now, 60_000);
  if (count <= perMinute) return;
  const seconds = Math.max(1, Math.ceil((windowEnds - now) / 1000));
  throw new ApiError(
    'Throttled',
    say(
      `Too many requests from your address: try again in ${seconds} s.`,
      `Trop de requêtes depuis votre adresse : réessayez dans ${seconds} s.`,
    ),
    seconds,
  );
}

/**
 * Thrown out of a call's transaction, which it undoes, when what the call wrote is sensitive
 * (domain/sensitive-effects.ts) and its account's advanced security wants a validator for it:
 * the call becomes an operation instead, in the name of `requester`.
 */
class NeedsValidation {
  constructor(
    readonly requester: Requester,
    readonly account: AccountRow,
  ) {}
}

/** A session that may only enrol a second factor, which the account requires (Principal.mustEnrol). */
function enrolling(principal: Principal | undefined): principal is Principal & { via: 'session' } {
  return principal?.via === 'session' && principal.mustEnrol === true;
}

/**
 * Lets the sensitive changes of a call commit, or turns the call into an operation. A validated
 * operation's call makes them; so does any call while its account's advanced security is off.
 * Under it, the change waits for a validator — whichever call or path made it.
 */
async function decideSensitiveEffects(
  call: AnyCall,
  context: Context,
  tx: WriteTransaction,
  requester: { actor: Requester | undefined; account: AccountRow | undefined },
): Promise<void> {
  const { principal } = context;
  // A session the account requires to enrol a second factor adds its first at once: waiting for
  // a validator would lock everyone out. Only the first: the user's row, locked since the
  // transaction began (runHandler), makes concurrent enrolments count each other.
  const written = tx.sensitiveEffects();
  const firstFactor =
    written.includes('SecondFactor') &&
    enrolling(principal) &&
    (await countSecondFactors(tx.db, principal.userId)) === 1;
  const effects = written.filter(
    (effect) => !call.completes?.effects.includes(effect) && !(firstFactor && effect === 'SecondFactor'),
  );
  if (effects.length > 0 && principal?.via !== 'operation') {
    const { actor, account } = requester;
    if (!actor) throw new UnallowedSensitiveWrite(effects);
    if (account?.advanced_security === 1) throw new NeedsValidation(actor, account);
  }
  tx.allowSensitiveEffects();
}

/**
 * The handler of a write call in `tx`, once its user is found (and locked if it says so). A
 * sensitive call may not leave an account under advanced security without the validators its
 * policy needs (deleting, disabling or demoting the last ones).
 */
async function runHandler(
  call: AnyCall,
  context: Context,
  tx: WriteTransaction,
  prepared: unknown,
  found: { subjectId?: string } = {},
) {
  const { principal, input, services } = context;
  const sensitivity = sensitivityOf(call, services.config, { input, principal });
  // An enrolment and a sign-in of one user follow each other: each sees the other's factor.
  if (enrolling(principal)) await lockUser(tx, principal.userId);
  const subject = call.subject && principal ? await findSubject(call.subject, principal, input, { tx }) : undefined;
  found.subjectId = subject?.user_id;
  // A validated operation acts on the user it was asked for, whose name may since be another's.
  if (principal?.via === 'operation' && principal.subjectId && subject && subject.user_id !== principal.subjectId)
    throw targetChanged(input);
  const before = sensitivity?.before && principal ? await sensitivity.before(input, { db: tx.db, principal }) : {};
  const mark = tx.writeMark();
  const event: EventNotes = {};
  const output = await call.handler({ ...context, tx, subject, prepared, event } as AnyHandlerContext);
  // Without a credential, who acted is told by the call: the user behind a link, a new account.
  const actor = principal ?? event.actor ?? sensitivity?.requester?.(prepared);
  const sensitiveWrite = tx.sensitiveEffects().length > 0;
  const account = actor && (sensitivity || sensitiveWrite) ? await readAccount(tx.db, actor.accountId) : undefined;
  if (account?.advanced_security === 1)
    checkEnoughValidators(account.validation_policy, await accountValidators(tx, services, account.account_id));
  await decideSensitiveEffects(call, context, tx, { actor, account });
  // The change's event, in the change's transaction: one never exists without the other, and a
  // call that changed nothing records none.
  if (!actor || !tx.wroteSince(mark)) return output;
  // Named if the handler knows the name.
  const name = event.actor?.name;
  const unproved = {
    userId: actor.userId,
    ...(name === undefined ? {} : { name }),
    ...(call.browserOnly ? { interface: 'console' } : {}),
  };
  await recordEvent(tx, services, context, {
    accountId: actor.accountId,
    ...(principal ? {} : { actor: unproved }),
    action: call.name,
    target: event.target ?? targetOf(input),
    changes: event.changes ?? changesOf(input, before),
    outcome: 'success',
  });
  return output;
}

/**
 * The call's one-statement form (see CallDefinition.inOneStatement) where it may be tried: a
 * session's request, whose account the session read with its audit head, on PostgreSQL.
 */
function runInOneStatement(call: AnyCall, context: Context, prepared: unknown) {
  const { principal, services, input } = context;
  const account = principal?.account;
  if (!call.inOneStatement || principal?.via !== 'session' || !account || services.store.engine !== 'postgres')
    return undefined;
  return call.inOneStatement({
    ...context,
    principal,
    db: services.store.db,
    prepared,
    account,
    eventOf: (changes) =>
      eventRow(
        context,
        { accountId: principal.accountId, action: call.name, target: targetOf(input), changes, outcome: 'success' },
        chainHeadOf(account),
        services.now(),
        auditSealer(services.secrets),
      ),
  });
}

/**
 * Runs a call whose input is valid and whose caller is authorized: its `prepare` step, then its
 * handler — for a call that writes, inside one transaction (rolled back for `DryRun`) where the
 * user it acts on is found, and locked if it says so, and where a signed request's signature is
 * recorded so that it serves once. Work queued after the commit runs only once the change is durable.
 * A change that one statement makes with its event (CallDefinition.inOneStatement) is tried as
 * that statement first, which is then the whole transaction.
 *
 * Under advanced security a sensitive call is tried, undone, and becomes an operation instead
 * (AwaitingValidation): it runs once a token validator confirms it (see runValidatedCall).
 */
export async function runCall(call: AnyCall, context: Context): Promise<Record<string, unknown> | NdjsonAnswer> {
  const { services, principal, input } = context;
  if (call.effect === 'write') await refuseKnownSignature(principal, services);
  if (call.perAddress && !principal) await throttleAddress(call, context);
  // A retry of a write whose answer was lost (Idempotency-Key) gets that answer and acts no more:
  // before `prepare`, whose proofs (a current password) the first request may have changed.
  const idempotent = idempotentRequest(call, context);
  const earlier = await answerGivenBefore(idempotent, context);
  if (earlier) return earlier;
  const prepared = call.prepare ? await call.prepare(context) : undefined;
  const { subject: spec } = call;
  if (spec && !principal) throw new Error(`${call.name} acts on a user, so it cannot be open to anyone`);
  if (call.effect === 'read') {
    const { db } = services.store;
    const subject = spec && principal ? await findSubject(spec, principal, input, { db }) : undefined;
    const readContext = { ...context, db, subject, prepared } as AnyHandlerContext;
    if (input.Format === 'ndjson' && call.ndjson) return new NdjsonAnswer(call.ndjson(readContext));
    return call.handler(readContext);
  }
  const sensitivity = sensitivityOf(call, services.config, { input, principal });
  // The one statement has no room for the kept answer.
  if (!sensitivity && input.DryRun !== true && !idempotent) {
    const output = await runInOneStatement(call, context, prepared);
    if (output) return output;
  }
  // A signed-in caller, or for a call open to anyone the user its mailed link is for.
  let requester = sensitivity && (principal ?? sensitivity.requester?.(prepared));
  let account = requester ? await readAccount(services.store.db, requester.accountId) : undefined;
  let deferred =
    sensitivity && account && principal?.via !== 'operation' && needsValidation(sensitivity, input, account);
  // The user the call acts on, found by the try: an operation is bound to them, not to a name.
  const found: { subjectId?: string } = {};
  try {
    const output = await services.store.transaction(
      async (tx) => {
        await recordSignature(tx, principal);
        const mark = tx.writeMark();
        const output = await runHandler(call, context, tx, prepared, found);
        // A call that changed nothing may run again: only a change's answer is kept.
        if (idempotent && !deferred && tx.wroteSince(mark))
          await keepAnswerFor(tx, idempotent, context, { status: 200, output });
        return output;
      },
      // A call that will wait for a validator is tried, then undone: a refusal is told now.
      { rollback: input.DryRun === true || Boolean(deferred) },
    );
    if (!deferred) return output;
  } catch (error) {
    if (error instanceof NeedsValidation) {
      ({ requester, account } = error);
      deferred = true;
    } else {
      if (!(error instanceof AnswerAfterRollback)) {
        // The same request, sent again while this one ran, committed first: its answer stands.
        const meanwhile = await answerGivenBefore(idempotent, context);
        if (meanwhile) return meanwhile;
        throw error;
      }
      if (error.thenWrite) await services.store.transaction(error.thenWrite);
      return error.output;
    }
  }
  if (!requester || !account) throw new Error(`${call.name} was deferred without a requester`);
  if (input.DryRun === true) throw new AwaitingValidation({ Action: call.name, State: 'validation-needed' });
  let operation: OperationOutput;
  try {
    operation = await services.store.transaction(async (tx) => {
      await recordSignature(tx, principal);
      const requested = await requestOperation(tx, services, {
        call,
        principal: requester,
        input,
        account,
        subjectId: found.subjectId,
      });
      if (idempotent) await keepAnswerFor(tx, idempotent, context, { status: 202, operation: requested });
      await recordEvent(tx, services, context, {
        accountId: account.account_id,
        action: call.name,
        target: targetOf(input),
        changes: requested.Changes,
        outcome: 'awaiting-validation',
        operationId: requested.OperationId,
      });
      return requested;
    });
  } catch (error) {
    // The same request, sent again while this one ran, became the operation first.
    const meanwhile = await answerGivenBefore(idempotent, context);
    if (meanwhile) return meanwhile;
    throw error;
  }
  throw new AwaitingValidation(operation);
}

/**
 * A validated operation's call, in the validation's transaction: as its requester, whose rights
 * were checked again by the caller, with what its `prepare` step gave (run by the caller before
 * the transaction, as for any call); the proofs were given when it was asked for.
 */
export function runValidatedCall(
  call: AnyCall,
  context: CallContext<Record<string, unknown>, Principal>,
  tx: WriteTransaction,
  prepared: unknown,
): Promise<Record<string, unknown>> {
  return runHandler(call, context, tx, prepared);
}
