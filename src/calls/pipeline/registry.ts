import type { Static, TObject } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CredentialVerifier } from '../../auth/credential-verifier.js';
import type { OidcClients } from '../../auth/oidc-client.js';
import type { PasswordHasher } from '../../auth/password-hasher.js';
import type { SecretBox } from '../../auth/secret-box.js';
import type { Device, SessionService } from '../../auth/session-service.js';
import type { SignInGuard } from '../../auth/sign-in-guard.js';
import type { Config } from '../../config.js';
import type { AccountEventDraft, AccountEventType } from '../../domain/account-events.js';
import type { Access } from '../../domain/authorization.js';
import type { ApiError, Language, Localized } from '../../domain/errors.js';
import type { Change } from '../../domain/operations.js';
import type { SensitiveEffect } from '../../domain/sensitive-effects.js';
import type { AccountEventWorker } from '../../events/account-event-worker.js';
import type { DeliveryWorker } from '../../mail/delivery-worker.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Tracing } from '../../observability/tracing.js';
import type { AccountRow, AccountSnapshot } from '../../store/accounts.js';
import type { SealedEvent } from '../../store/audit-events.js';
import type { Store } from '../../store/database.js';
import type { Database } from '../../store/schema.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { UserRow } from '../../store/users.js';
import type { AnswerAfterRollback } from './call-parts.js';
import type { OperationOutput } from './operation-output.js';
import type { Actor, Principal, Requester } from './principal.js';

/**
 * How a request may prove who sends it: `none` (open to anyone), `session` (the console's
 * cookie), `signature` (access key, AWS SigV4 in OUTSCALE's spellings), `basic` (login and
 * password, only where OAPI allows it).
 */
export type AuthMethod = 'none' | 'session' | 'signature' | 'basic';

export interface Services {
  config: Config;
  store: Store;
  hasher: PasswordHasher;
  sessions: SessionService;
  credentials: CredentialVerifier;
  secrets: SecretBox;
  mail: DeliveryWorker;
  /** Sends the account events to the platform's endpoints (events/account-event-worker.ts). */
  events: AccountEventWorker;
  signInGuard: SignInGuard;
  oidc: OidcClients;
  log: Logger;
  /** Prometheus metrics, when configured (TESSERA_METRICS_PORT or TESSERA_METRICS_TOKEN). */
  metrics?: Metrics;
  /** OpenTelemetry traces, when an OTLP endpoint is configured. */
  tracing?: Tracing;
  now: () => number;
  /** Every call by name: a validated operation runs the call it holds. */
  calls: ReadonlyMap<string, AnyCall>;
}

/** What a handler may do to the caller's browser session. */
export interface SessionCookie {
  set(token: string, expiresAt: number): void;
  clear(): void;
}

/** The cookie that ties a sign-in at an OpenID provider to the browser that started it. */
export interface FlowCookie {
  read(): string | undefined;
  set(value: string, maxAgeSeconds: number): void;
  clear(): void;
}

/** What every call is given about its request. */
export interface CallContext<Input, Caller> {
  input: Input;
  principal: Caller;
  services: Services;
  requestId: string;
  device: Device;
  language: Language;
  cookie: SessionCookie;
  flowCookie: FlowCookie;
  /** The request's Idempotency-Key header, checked (see pipeline/idempotency.ts). */
  idempotencyKey?: string;
  /**
   * The caller's account as the credential's own statement read it (a session's, a key's): a read
   * answers from it without another round trip; a change of the profile writes over it only if
   * its version is still the stored one. Who the caller is stays in the principal.
   */
  accountAsRead?: AccountSnapshot;
}

/**
 * Whether a call changes anything. A `write` call's handler runs in the one transaction the
 * pipeline opens for it (rolled back for `DryRun`); a `read` call's runs on the database as it is.
 */
export type Effect = 'read' | 'write';

/**
 * The user a call acts on, named by an input member: without it, the caller. The pipeline finds
 * them before the handler runs — another account's user, or none, is "no such user" (404) — and
 * applies the rule that acting on another user needs every right they hold (ATK-45).
 */
export interface SubjectSpec {
  field: 'UserName';
  /** Lock the user's row for the call's transaction, so that what the call checks stays true until it commits. */
  lock?: boolean;
  /** Reading another user needs only the call's right; acting on them needs theirs too (ATK-45). Default: acting. */
  reads?: boolean;
  /** Refuses the call on the caller themself with this error of the capability's catalogue (one does not delete oneself). */
  notYourself?: () => ApiError;
}

export interface Sensitivity<I> {
  /** Whether this input, from this caller, is the sensitive kind; without it, every one is. */
  when?: (input: I, principal: Principal | undefined) => boolean;
  /** Becomes an operation even while advanced security is off: turning it on is proved by a validator's token. */
  evenWhenOff?: (input: I) => boolean;
  /**
   * The values before the change, by input field, for the validator to compare. `account` is the
   * requester's, as the pipeline read it before the change (it is not read again for this).
   */
  before?: (
    input: I,
    context: { db: Kysely<Database>; principal: Requester; account: AccountRow | undefined },
  ) => Promise<Record<string, unknown>>;
  /**
   * Who asks, for a call open to anyone (a reset link): found by `prepare`. Without it such a
   * call has no requester and never waits.
   */
  requester?: (prepared: unknown) => Requester | undefined;
}

/**
 * The proof of the person a call needs now, beyond the credential it came with (ASVS 7.5.1,
 * 6.3.4; NIST SP 800-63B-4 §3.1.7). The pipeline asks for it before `prepare`.
 * - `recent-sign-in`: a console session opened within the re-authentication window (a signed
 *   request proves its key on every call, and counts as fresh);
 * - `person`: the current password (`CurrentPassword`), or a recent console sign-in — an access
 *   key proves who holds it, not who the person is, so a signed request sends CurrentPassword;
 * - `strongest-factor`: the strongest factor the person holds — with a second factor enrolled,
 *   only a recent console sign-in that used it; without one, as `person`.
 */
export interface Freshness<I> {
  proof: 'recent-sign-in' | 'person' | 'strongest-factor';
  /** What is asked for, as the refusal names it ("Changing the email address"). */
  what: Localized | ((input: I, services: Services) => Localized);
  /** Only for these inputs (one's own login address changing); without it, for every one. */
  when?: (input: I, principal: Principal) => boolean;
}

/** What a change's account events are made of, once its handler ran and its audit event is appended. */
export interface EventFacts<I, O> {
  input: I;
  output: O;
  /** What the change's audit event records it changed (field, old → new, secrets only named). */
  changes: readonly Change[];
  /** The user the call acted on, as the pipeline found them before the handler ran. */
  subject: UserRow | undefined;
  accountId: string;
  /** The change's transaction: what the events say is read as the change left it. */
  db: Kysely<Database>;
}

/**
 * The account events a write call emits for the platform (domain/account-events.ts): `emits` every
 * type it may, `of` those this change does. The pipeline writes them in the change's transaction,
 * after its audit event, whichever path ran the call (a request, a validated operation).
 */
export interface AccountEvents<I, O> {
  emits: readonly AccountEventType[];
  of(facts: EventFacts<I, O>): AccountEventDraft[] | Promise<AccountEventDraft[]>;
}

type CallerFor<A extends readonly AuthMethod[]> = 'none' extends A[number] ? Principal | undefined : Principal;

/**
 * What a write handler tells its call's event that the pipeline cannot know: who acted on a call
 * open to anyone (the user behind a link, a provider's identity, the account just created), and
 * what it changed when the input does not say it.
 */
export interface EventNotes {
  /** `name`: how the trail names them (personName), when the handler has their row already. */
  actor?: Actor;
  target?: string;
  changes?: Change[];
}

type EffectContext<E extends Effect, P> = E extends 'write'
  ? { tx: WriteTransaction; prepared: P; event: EventNotes }
  : { db: Kysely<Database> };

export type OneStatementContext<I, P> = CallContext<I, Principal> & {
  db: Kysely<Database>;
  prepared: P;
  /** The caller's account as the session read it, with its audit head. */
  account: AccountSnapshot;
  /** The change's event, chained after the audit head of the account as the session read it. */
  eventOf(changes: Change[]): SealedEvent;
};

type SubjectContext<S> = S extends SubjectSpec ? { subject: UserRow } : unknown;

export type HandlerContext<I, A extends readonly AuthMethod[], E extends Effect, S, P> = CallContext<I, CallerFor<A>> &
  EffectContext<E, P> &
  SubjectContext<S>;

/** One call of the API: everything the HTTP route, the OpenAPI document and the CLI derive from. */
export interface CallDefinition<
  I extends TObject = TObject,
  O extends TObject = TObject,
  A extends readonly AuthMethod[] = readonly AuthMethod[],
  N extends string = string,
  E extends Effect = Effect,
  S extends SubjectSpec | undefined = SubjectSpec | undefined,
  P = unknown,
> {
  name: N;
  summary: string;
  /** Tessera's own calls are marked so; the others keep OAPI's exact names and fields. */
  origin: 'oapi' | 'tessera';
  auth: A;
  /**
   * The call opens, ends or continues a browser session (a cookie): the CLI, which keeps no
   * cookie, does not offer it as a command.
   */
  browserOnly?: true;
  /**
   * Open to a session that must enrol a second factor first (the account requires one): the
   * enrolment itself, and what the console reads to show it.
   */
  duringEnrolment?: true;
  /** What the caller must hold, checked before the handler runs (see domain/authorization.ts). */
  access: Access;
  /**
   * Under advanced security the call does not run when asked: it becomes an operation that a
   * token validator confirms (see calls/operations/). `when` narrows it to some inputs.
   */
  sensitive?: Sensitivity<Static<I>>;
  /** The proof of the person the call needs now, enforced by the pipeline (see Freshness). */
  freshness?: Freshness<Static<I>>;
  /**
   * A call open to anyone that stores a row (a ceremony, a flow) before anyone proved anything:
   * at most this many a minute from one address, refused with 429 and Retry-After beyond (ASVS
   * 2.4.1). The pipeline enforces it; the registry's guard test makes every such call decide.
   */
  perAddress?: { perMinute: number };
  /**
   * Sensitive changes (domain/sensitive-effects.ts) this call writes only to complete one asked
   * for before, and validated then where advanced security wanted it: the link that confirms a
   * requested address, the invitation of a user whose creation was validated. Every other
   * sensitive change a call writes waits for a validator under advanced security.
   */
  completes?: { effects: readonly SensitiveEffect[]; because: string };
  /**
   * What the call answers is for its caller's eyes once (a secret key, recovery codes): when it
   * runs as a validated operation, the answer is kept sealed on the operation until its requester
   * reads it (ClaimOperationResult), instead of being lost.
   */
  resultForRequester?: true;
  effect: E;
  /**
   * The account events the call emits (see AccountEvents); a write call without them says why in
   * test/unit/account-event-declarations.test.ts.
   */
  events?: AccountEvents<Static<I>, Static<O>>;
  subject?: S;
  input: I;
  output: O;
  /**
   * Work that must not hold the transaction — hashing or verifying a password, asking an OpenID
   * provider — and the proofs a caller gives of who they are. It runs first; what it returns
   * reaches the handler as `prepared`. What it writes (a failed attempt counted, a spent flow)
   * stays even if the call then fails.
   */
  prepare?(context: CallContext<Static<I>, CallerFor<A>>): Promise<P>;
  /** The call's work; a write's may answer after undoing what it wrote (AnswerAfterRollback). */
  handler(context: HandlerContext<Static<I>, A, E, S, P>): Promise<Static<O> | AnswerAfterRollback>;
  /**
   * The call's usual case as one statement that writes the change and its event (`eventOf`)
   * together, its own transaction: on PostgreSQL, three round trips fewer than BEGIN, the change,
   * the event and COMMIT. It returns undefined when the request is not that case, or when the
   * account moved since the session read it; the pipeline then runs `handler` in a transaction.
   * Tried only for a session's request that is neither sensitive nor a DryRun, on PostgreSQL.
   */
  inOneStatement?(context: OneStatementContext<Static<I>, P>): Promise<Static<O> | undefined>;
  /**
   * For a read call whose input asks `Format: "ndjson"`: every matching item, one JSON object a
   * line, read in batches as the client takes them, so that an export of any size holds little
   * memory. The HTTP answer is then `application/x-ndjson`.
   */
  ndjson?(context: HandlerContext<Static<I>, A, E, S, P>): AsyncIterable<unknown>;
}

/**
 * What the pipeline answers a call with: its output; the operation it became, waiting for a
 * validator (202); or, for a read asked as NDJSON, its lines, produced as they are sent.
 */
export type CallResult =
  | { kind: 'answered'; output: Record<string, unknown> }
  | { kind: 'awaiting-validation'; operation: OperationOutput | { Action: string; State: 'validation-needed' } }
  | { kind: 'ndjson'; items: AsyncIterable<unknown> };

/** How sensitive a call is on this platform: as declared, or added by TESSERA_SENSITIVE_CALLS. */
export function sensitivityOf(
  call: AnyCall,
  config: Pick<Config, 'sensitiveCalls'>,
  request?: { input: Record<string, unknown>; principal: Principal | undefined },
): Sensitivity<Record<string, unknown>> | undefined {
  const sensitivity = call.sensitive ?? (config.sensitiveCalls.includes(call.name) ? {} : undefined);
  // With a request, only when it is the sensitive kind (UpdateAccount changing Email).
  if (request && sensitivity?.when && !sensitivity.when(request.input, request.principal)) return undefined;
  return sensitivity;
}

export function defineCall<
  I extends TObject,
  O extends TObject,
  const A extends readonly AuthMethod[],
  const N extends string,
  const E extends Effect,
  const S extends SubjectSpec | undefined = undefined,
  P = undefined,
>(call: CallDefinition<I, O, A, N, E, S, P>): CallDefinition<I, O, A, N, E, S, P> {
  return call;
}

// The registry is heterogeneous; handlers are only ever called with input checked against
// their own schema, so each call is stored under the widest type.
export type AnyCall = CallDefinition<
  TObject,
  TObject,
  readonly AuthMethod[],
  string,
  Effect,
  SubjectSpec | undefined,
  unknown
>;
