import { auditSealer } from '../../auth/secret-box.js';
import { ApiError } from '../../domain/errors.js';
import { changesOf, checkEnoughValidators } from '../../domain/operations.js';
import { readAccount, type AccountRow } from '../../store/accounts.js';
import { chainHeadOf } from '../../store/audit-events.js';
import { countSecondFactors } from '../../store/second-factors.js';
import { UnallowedSensitiveWrite, type WriteTransaction } from '../../store/transaction.js';
import { lockUser } from '../../store/users.js';
import { eventsWanted, writeAccountEvents } from './account-event-writer.js';
import { throttleAddress } from './address-throttle.js';
import { eventRow, recordEvent, targetOf } from './audit-writer.js';
import { AnswerAfterRollback } from './call-parts.js';
import { findSubject } from './call-subject.js';
import { pipelineErrors } from './errors.js';
import { answerGivenBefore, idempotentRequest, keepAnswerFor, type IdempotentRequest } from './idempotency.js';
import { accountValidators, needsValidation, requestOperation } from './operation-requests.js';
import { type Actor, type Principal, type Requester } from './principal.js';
import { proveFreshness } from './reauthentication.js';
import {
  sensitivityOf,
  type AnyCall,
  type CallContext,
  type CallResult,
  type EventNotes,
  type Sensitivity,
} from './registry.js';
import { recordSignature, refuseKnownSignature } from './replay-guard.js';

type AnyHandlerContext = Parameters<AnyCall['handler']>[0];
type Context = CallContext<Record<string, unknown>, Principal | undefined>;

/** The user an operation was asked for was renamed away, and another now bears the name. */
function targetChanged(input: Record<string, unknown>): ApiError {
  return pipelineErrors.SubjectRenamed({ UserName: String(input.UserName) });
}

/**
 * What a write's handler came to in its transaction: an answer to commit; an answer to give
 * after undoing what it wrote (AnswerAfterRollback); or a sensitive change (domain/sensitive-
 * effects.ts) that the account's advanced security wants a validator for — undone too, it
 * becomes an operation in the name of `requester`.
 */
type Outcome =
  | { kind: 'answered'; output: Record<string, unknown> }
  | { kind: 'after-rollback'; answer: AnswerAfterRollback }
  | { kind: 'needs-validation'; requester: Requester; account: AccountRow };

/** A session that may only enrol a second factor, which the account requires (Principal.mustEnrol). */
function enrolling(principal: Principal | undefined): principal is Principal & { via: 'session' } {
  return principal?.via === 'session' && principal.mustEnrol === true;
}

/**
 * Lets the sensitive changes of a call commit, or says the call must become an operation. A validated
 * operation's call makes them; so does any call while its account's advanced security is off.
 * Under it, the change waits for a validator — whichever call or path made it.
 */
async function decideSensitiveEffects(
  call: AnyCall,
  context: Context,
  tx: WriteTransaction,
  requester: { actor: Requester | undefined; account: AccountRow | undefined },
): Promise<Outcome | undefined> {
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
    if (account?.advanced_security === 1) return { kind: 'needs-validation', requester: actor, account };
  }
  tx.allowSensitiveEffects();
  return undefined;
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
  {
    prepared,
    sensitivity,
    askerAccount,
  }: {
    prepared: unknown;
    sensitivity: Sensitivity<Record<string, unknown>> | undefined;
    /** The requester's account as read before the transaction, when the call is sensitive. */
    askerAccount?: AccountRow | undefined;
  },
  found: { subjectId?: string } = {},
): Promise<Outcome> {
  const { principal, input, services } = context;
  // An enrolment and a sign-in of one user follow each other: each sees the other's factor.
  if (enrolling(principal)) await lockUser(tx, principal.userId);
  const subject =
    call.subject && principal ? await findSubject(call.subject, principal, input, { tx }, services) : undefined;
  found.subjectId = subject?.user_id;
  // A validated operation acts on the user it was asked for, whose name may since be another's.
  if (principal?.via === 'operation' && principal.subjectId && subject && subject.user_id !== principal.subjectId)
    throw targetChanged(input);
  const before =
    sensitivity?.before && principal
      ? await sensitivity.before(input, { db: tx.db, principal, account: askerAccount })
      : {};
  const mark = tx.writeMark();
  const event: EventNotes = {};
  const output = await call.handler({ ...context, tx, subject, prepared, event } as AnyHandlerContext);
  if (output instanceof AnswerAfterRollback) return { kind: 'after-rollback', answer: output };
  // Without a credential, who acted is told by the call: the user behind a link, a new account.
  const actor = principal ?? event.actor ?? sensitivity?.requester?.(prepared);
  const sensitiveWrite = tx.sensitiveEffects().length > 0;
  const account = actor && (sensitivity || sensitiveWrite) ? await readAccount(tx.db, actor.accountId) : undefined;
  if (account?.advanced_security === 1)
    checkEnoughValidators(account.validation_policy, await accountValidators(tx, services, account.account_id));
  const waiting = await decideSensitiveEffects(call, context, tx, { actor, account });
  if (waiting) return waiting;
  // The change's event, in the change's transaction: one never exists without the other, and a
  // call that changed nothing records none.
  if (!actor || !tx.wroteSince(mark)) return { kind: 'answered', output };
  // Named if the handler knows the name.
  const name = event.actor?.name;
  const unproved: Actor = {
    userId: actor.userId,
    accountId: actor.accountId,
    ...(name === undefined ? {} : { name }),
    ...(call.browserOnly ? { interface: 'console' } : {}),
  };
  const changes = event.changes ?? changesOf(input, before);
  await recordEvent(tx, services, context, {
    accountId: actor.accountId,
    ...(principal ? {} : { actor: unproved }),
    action: call.name,
    target: event.target ?? targetOf(input),
    changes,
    outcome: 'success',
  });
  // What the platform's services learn of it (account events), in the same transaction.
  await writeAccountEvents(tx, services, call, { input, output, changes, subject, accountId: actor.accountId });
  return { kind: 'answered', output };
}

/**
 * The call's one-statement form (see CallDefinition.inOneStatement) where it may be tried: a
 * session's request, whose account the session read with its audit head, on PostgreSQL.
 */
function runInOneStatement(call: AnyCall, context: Context, prepared: unknown) {
  const { principal, services, input } = context;
  const account = context.accountAsRead;
  if (!call.inOneStatement || principal?.via !== 'session' || !account || services.store.engine !== 'postgres')
    return undefined;
  // The one statement has no room for the change's account events: the transaction writes them.
  if (eventsWanted(call, services.config)) return undefined;
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

const answered = (output: Record<string, unknown>): CallResult => ({ kind: 'answered', output });

/**
 * Runs a call whose input is valid and whose caller is authorized: a retry's kept answer, else
 * the proof of the person it declares (freshness), its `prepare` step, then its handler — for a
 * call that writes, inside one transaction (see runWrite). Work queued after the commit runs
 * only once the change is durable.
 */
export async function runCall(call: AnyCall, context: Context): Promise<CallResult> {
  const { services, principal, input } = context;
  if (call.effect === 'write') await refuseKnownSignature(principal, services);
  if (call.perAddress && !principal) await throttleAddress(call, context);
  // A retry of a write whose answer was lost (Idempotency-Key) gets that answer and acts no more:
  // before the proofs, which the first request may have changed (a current password).
  const idempotent = idempotentRequest(call, context);
  const earlier = await answerGivenBefore(idempotent, context);
  if (earlier) return earlier;
  await proveFreshness(call, context);
  const prepared = call.prepare ? await call.prepare(context) : undefined;
  const { subject: spec } = call;
  if (spec && !principal) throw new Error(`${call.name} acts on a user, so it cannot be open to anyone`);
  if (call.effect === 'read') {
    const { db } = services.store;
    const subject = spec && principal ? await findSubject(spec, principal, input, { db }, services) : undefined;
    const readContext = { ...context, db, subject, prepared } as AnyHandlerContext;
    if (input.Format === 'ndjson' && call.ndjson) return { kind: 'ndjson', items: call.ndjson(readContext) };
    return answered((await call.handler(readContext)) as Record<string, unknown>);
  }
  const sensitivity = sensitivityOf(call, services.config, { input, principal });
  // The one statement has no room for the kept answer.
  if (!sensitivity && input.DryRun !== true && !idempotent) {
    const output = await runInOneStatement(call, context, prepared);
    if (output) return answered(output);
  }
  try {
    return await runWrite(call, context, { prepared, sensitivity, idempotent });
  } catch (error) {
    // The same request, sent again while this one ran, committed first: its answer stands.
    const meanwhile = await answerGivenBefore(idempotent, context);
    if (meanwhile) return meanwhile;
    throw error;
  }
}

/**
 * A write in one transaction (rolled back for `DryRun`), where the user it acts on is found, and
 * locked if it says so, and where a signed request's signature is recorded so that it serves
 * once. Under advanced security a sensitive call is tried, undone, and becomes an operation that
 * a token validator confirms (202; see runValidatedCall).
 */
async function runWrite(
  call: AnyCall,
  context: Context,
  plan: {
    prepared: unknown;
    sensitivity: Sensitivity<Record<string, unknown>> | undefined;
    idempotent: IdempotentRequest | undefined;
  },
): Promise<CallResult> {
  const { services, principal, input } = context;
  const { sensitivity, idempotent } = plan;
  // A signed-in caller, or for a call open to anyone the user its mailed link is for.
  const asker = sensitivity && (principal ?? sensitivity.requester?.(plan.prepared));
  const askerAccount = asker ? await readAccount(services.store.db, asker.accountId) : undefined;
  // A call that will wait for a validator is tried, then undone: a refusal is told now.
  const waits = Boolean(
    sensitivity && askerAccount && principal?.via !== 'operation' && needsValidation(sensitivity, input, askerAccount),
  );
  // The user the call acts on, found by the try: an operation is bound to them, not to a name.
  const found: { subjectId?: string } = {};
  const outcome = await services.store.transaction(
    async (tx) => {
      await recordSignature(tx, principal);
      const mark = tx.writeMark();
      const done = await runHandler(call, context, tx, { ...plan, askerAccount }, found);
      // A call that changed nothing may run again: only a change's answer is kept.
      if (done.kind === 'answered' && idempotent && !waits && tx.wroteSince(mark))
        await keepAnswerFor(tx, idempotent, context, { status: 200, output: done.output });
      return done;
    },
    { rollback: (done) => input.DryRun === true || waits || done.kind !== 'answered' },
  );
  if (outcome.kind === 'after-rollback') {
    const { output, thenWrite } = outcome.answer;
    if (thenWrite) await services.store.transaction(thenWrite);
    return answered(output);
  }
  if (outcome.kind === 'answered' && !waits) return answered(outcome.output);
  const { requester, account } =
    outcome.kind === 'needs-validation' ? outcome : { requester: asker, account: askerAccount };
  if (!requester || !account) throw new Error(`${call.name} was deferred without a requester`);
  if (input.DryRun === true)
    return { kind: 'awaiting-validation', operation: { Action: call.name, State: 'validation-needed' } };
  const operation = await services.store.transaction(async (tx) => {
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
  return { kind: 'awaiting-validation', operation };
}

/**
 * A validated operation's call, in the validation's transaction: as its requester, whose rights
 * were checked again by the caller, with what its `prepare` step gave (run by the caller before
 * the transaction, as for any call); the proofs were given when it was asked for.
 */
export async function runValidatedCall(
  call: AnyCall,
  context: CallContext<Record<string, unknown>, Principal>,
  tx: WriteTransaction,
  prepared: unknown,
): Promise<Record<string, unknown> | AnswerAfterRollback> {
  const { services, input, principal } = context;
  const sensitivity = sensitivityOf(call, services.config, { input, principal });
  const outcome = await runHandler(call, context, tx, { prepared, sensitivity });
  if (outcome.kind === 'after-rollback') return outcome.answer;
  // Its requester's changes are validated: nothing in it waits for another validator.
  if (outcome.kind === 'needs-validation') throw new Error(`${call.name}, validated, asked for a validator again`);
  return outcome.output;
}
