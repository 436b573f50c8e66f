/** A sentence for a person, in each language Tessera speaks. */
export interface Localized {
  en: string;
  fr: string;
}

export type Language = keyof Localized;

export const LANGUAGES: readonly Language[] = ['en', 'fr'];

export function say(en: string, fr: string): Localized {
  return { en, fr };
}

/**
 * The kinds of error Tessera answers with, as OAPI names them (reference/outscale-oapi.md §3.2):
 * HTTP status, error Type and numeric Code.
 */
export const ERROR_KINDS = {
  InvalidParameter: { status: 400, type: 'InvalidParameterValue', code: '4045' },
  InvalidParameterValue: { status: 400, type: 'InvalidParameterValue', code: '4047' },
  InvalidParameterType: { status: 400, type: 'InvalidParameterValue', code: '4108' },
  InvalidParameterLength: { status: 400, type: 'InvalidParameterValue', code: '4106' },
  InvalidEmail: { status: 400, type: 'InvalidParameterValue', code: '4020' },
  InvalidPassword: { status: 400, type: 'InvalidParameterValue', code: '4048' },
  BodyTooLarge: { status: 413, type: 'InvalidParameterValue', code: '4106' },
  UnsupportedMediaType: { status: 415, type: 'InvalidParameterValue', code: '4045' },
  UnknownCall: { status: 404, type: 'InvalidAction', code: '0' },
  MethodNotAllowed: { status: 405, type: 'AccessDenied', code: '2' },
  AuthenticationFailed: { status: 401, type: 'AccessDenied', code: '1' },
  UnknownAccessKey: { status: 400, type: 'InvalidParameterValue', code: '4120' },
  UnknownAuthorizationType: { status: 401, type: 'AccessDenied', code: '12' },
  WrongAuthenticationMethod: { status: 403, type: 'WrongAuthenticationMethod', code: '8' },
  BasicNotAllowed: { status: 401, type: 'AuthFailure', code: '9' },
  LockedOut: { status: 401, type: 'AccessDenied', code: '13' },
  Throttled: { status: 429, type: 'AccessDenied', code: '24' },
  // OAPI answers 400 for these; 404 says the same — it is not there for you — and the
  // answer for another account's object is the very same as for one that never existed (ASVS 8.2.2).
  NoSuchResource: { status: 404, type: 'InvalidResource', code: '5027' },
  NoSuchUser: { status: 404, type: 'InvalidResource', code: '5075' },
  /** Tessera's own: OAPI has no sessions. 404 says nothing of whether it exists elsewhere. */
  NoSuchSession: { status: 404, type: 'InvalidResource', code: '5000' },
  TooManyAccessKeys: { status: 400, type: 'TooManyResources', code: '10005' },
  NotAuthorized: { status: 403, type: 'AccessDenied', code: '4' },
  ReauthenticationRequired: { status: 403, type: 'ReauthenticationRequired', code: '4' },
  SecondFactorRequired: { status: 403, type: 'SecondFactorRequired', code: '4' },
  DuplicateEmail: { status: 409, type: 'ResourceConflict', code: '9007' },
  DuplicateUserName: { status: 409, type: 'ResourceConflict', code: '9022' },
  /** Tessera's own: an invitation that was already accepted. OAPI's "password-already-set". */
  PasswordAlreadySet: { status: 409, type: 'ResourceConflict', code: '9046' },
  /** An Idempotency-Key sent again with another request (IETF draft-ietf-httpapi-idempotency-key-header: 422). */
  IdempotencyKeyReused: { status: 422, type: 'InvalidParameterValue', code: '4047' },
  /** Tessera's own: an operation already validated, cancelled or expired. */
  OperationNotPending: { status: 409, type: 'ResourceConflict', code: '0' },
  /** An OpenID provider that cannot be reached: nothing the caller did wrong, try again. */
  ProviderUnavailable: { status: 503, type: 'DependencyProblem', code: '0' },
  /** The database cannot be reached for a moment (a restart, a failover): nothing was changed, try again. */
  DatabaseUnavailable: { status: 503, type: 'DependencyProblem', code: '0' },
  /** Concurrent requests kept undoing this one's transaction (deadlocks): nothing was changed, try again. */
  DatabaseBusy: { status: 503, type: 'DependencyProblem', code: '0' },
  Internal: { status: 500, type: 'DefaultError', code: '0' },
} as const;

export type ErrorKind = keyof typeof ERROR_KINDS;

/** A value a sentence names: a number, a text, or words already said in each language. */
export type ParamValue = string | number | Localized;
export type ErrorParams = Record<string, ParamValue>;
type NoParams = Record<never, never>;

/**
 * An error a capability declares in its catalogue: the OAPI kind it answers with, and the input
 * field it concerns when that field is always the same. `P` are the parameters its sentence
 * names; a refusal about a field names it as the parameter `Field`, so that a console can say
 * the field as its form labels it.
 */
export interface ErrorDeclaration<P extends ErrorParams = ErrorParams> {
  readonly kind: ErrorKind;
  readonly field?: string;
  /** Never set: carries the parameters' type to the phrase tables. */
  readonly params?: (params: P) => void;
}

/** An error of the catalogue with its parameters. */
export function refusal<P extends ErrorParams = NoParams>(kind: ErrorKind): ErrorDeclaration<NoInfer<P>> {
  return { kind };
}

/** An error about one input field, always the same: its sentence names it as `Field`. */
export function fieldRefusal<P extends ErrorParams = NoParams>(
  kind: ErrorKind,
  field: string,
): ErrorDeclaration<NoInfer<P> & { Field: string }> & { readonly field: string } {
  return { kind, field };
}

type Thrower<P extends object> = keyof P extends never ? () => ApiError : (params: P) => ApiError;
type ThrowParams<D> =
  D extends ErrorDeclaration<infer P> ? Omit<P, D extends { field: string } ? 'Field' : never> : never;

/** A capability's errors, each one a function that makes the ApiError to throw. */
/** Any declaration, whatever its parameters. */
export type AnyErrorDeclaration = ErrorDeclaration<never>;

export type ErrorCatalogue<D extends Record<string, AnyErrorDeclaration>> = {
  readonly [C in keyof D]: Thrower<ThrowParams<D[C]>>;
} & { readonly [DECLARATIONS]: D };

export const DECLARATIONS = Symbol('declarations');

/** Declares a capability's errors: the code is the key. */
export function declareErrors<const D extends Record<string, AnyErrorDeclaration>>(declarations: D): ErrorCatalogue<D> {
  const throwers: Record<string, (params?: ErrorParams) => ApiError> = {};
  for (const [code, declaration] of Object.entries(declarations)) {
    throwers[code] = (params = {}) =>
      new ApiError(declaration.kind, code, declaration.field ? { ...params, Field: declaration.field } : params);
  }
  return Object.assign(throwers, { [DECLARATIONS]: declarations }) as unknown as ErrorCatalogue<D>;
}

/** An error meant for the caller: it becomes the OAPI error envelope, its sentence said from the phrase tables. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  /** The catalogue's code: what a client translates. */
  readonly code: string;
  readonly params: ErrorParams;
  /** For throttled answers: when to try again, sent as Retry-After. */
  retryAfterSeconds: number | undefined;

  /** Set when the refusal belongs in an account's trail (see securityEvent). */
  refusal: SecurityRefusal | undefined;

  /**
   * Other fields of the same request refused at the same time: a form shows them all at once.
   * OAPI's envelope keeps its one error; problem details list them.
   */
  others: readonly ApiError[] = [];

  constructor(kind: ErrorKind, code: string, params: ErrorParams = {}) {
    super(code);
    this.kind = kind;
    this.code = code;
    this.params = params;
  }

  get status(): number {
    return ERROR_KINDS[this.kind].status;
  }

  /** The input field the error concerns, if one. */
  get field(): string | undefined {
    return typeof this.params.Field === 'string' ? this.params.Field : undefined;
  }

  /** When the caller may try again, in seconds (Retry-After). */
  retryAfter(seconds: number): this {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Marks the refusal as an event of an account: the caller's, or the one whose credential was presented. */
  securityEvent(reason: EventReason, credentialOf?: SecurityRefusal['credentialOf']): this {
    this.refusal = { reason, credentialOf };
    return this;
  }
}

/**
 * Runs each field's check and refuses with every field that failed, the first as the answer's
 * error, or returns what each check returned. An error that is not a refusal is thrown as is.
 */
export function checkEach<T>(checks: readonly (() => T)[]): T[] {
  const refusals: ApiError[] = [];
  const results: T[] = [];
  for (const check of checks) {
    try {
      results.push(check());
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      refusals.push(error);
    }
  }
  const [first, ...others] = refusals;
  if (first) {
    first.others = others;
    throw first;
  }
  return results;
}

/**
 * Why an event of an account's trail was refused (or why Tessera acted, for its own events): the
 * console says each in words (test/unit/event-sentences.test.ts checks that it can).
 */
export const EVENT_REASONS = [
  'WrongPassword',
  'LockedOut',
  'AccessDenied',
  'BadSignature',
  'BadToken',
  'WrongCode',
  'PasskeyRefused',
  'InactiveKey',
  'ExpiredKey',
  'UserDisabled',
  'BadSupportCode',
  'TooManyWrongTokens',
] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

/**
 * A refusal that matters for an account's security (a bad signature, a wrong token): why, and,
 * when the caller proved nobody, whose credential it was.
 */
export interface SecurityRefusal {
  reason: EventReason;
  credentialOf: { accountId: string; userId: string; interface: string; credential?: string } | undefined;
}
