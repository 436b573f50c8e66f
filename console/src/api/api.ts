import type { ApiCalls } from '../../../src/calls/index.js';
import { i18n } from '../app/i18n.js';
import { sayRefusal, type FieldWords, type Refusal } from './refusal-words.js';
import { sessionEnded } from './session-end.js';

export type CallName = keyof ApiCalls;
export type Input<N extends CallName> = ApiCalls[N]['input'];
export type Output<N extends CallName> = ApiCalls[N]['output'];
export type Account = Output<'ReadAccounts'>['Accounts'][number];
/** The signed-in user: who they are and which rights they hold. */
export type Me = Output<'ReadUserDetails'>['UserDetails'];
export type UserDetails = Me;

/** An error the API answered with: its status and OAPI error, and the catalogue's refusal when it sent one. */
export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: string,
    /** OAPI's error Type, such as ReauthenticationRequired. */
    readonly type = '',
    readonly refusal?: Refusal,
    /** Every field refused at once, the first being `refusal`. */
    readonly refusals: readonly Refusal[] = refusal ? [refusal] : [],
  ) {
    super(details);
  }
}

/** Tries of one action while the service answers "try again in a moment" (a database failover). */
const TRIES = 6;
/** Longest wait between two tries, whatever Retry-After says. */
const MAX_WAIT_SECONDS = 5;

/** How long the answer asks to wait before trying again, if it is a 503 that asks; else undefined. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return response.status === 503 && seconds > 0 ? Math.min(seconds, MAX_WAIT_SECONDS) : undefined;
}

/** 128 random bits in hex; crypto.randomUUID exists only on https and localhost pages. */
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends one action, trying again while the service is away for a moment. Every try carries the
 * action's one Idempotency-Key: a write whose answer was lost is answered, not made twice.
 */
async function send(name: CallName, input: unknown, signal: AbortSignal | null): Promise<Response> {
  const headers = {
    'content-type': 'application/json',
    // Problem details carry the refusal's code, parameters and field, to say it here in the console's words.
    accept: 'application/json, application/problem+json',
    'accept-language': i18n.language,
    'idempotency-key': randomKey(),
  };
  for (let tried = 1; ; tried += 1) {
    let response: Response | undefined;
    try {
      response = await fetch(`/api/v1/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers,
        body: JSON.stringify(input),
        signal,
      });
    } catch (error) {
      if (signal?.aborted || tried >= TRIES) throw error;
    }
    const wait = response ? retryAfter(response) : 1;
    if (response && (wait === undefined || tried >= TRIES)) return response;
    await new Promise((resolve) => setTimeout(resolve, (wait ?? 1) * 1000));
  }
}

/** Calls the API with the session cookie; the types come from the server's call registry. */
export async function call<N extends CallName>(
  name: N,
  input: Input<N>,
  options: { signal?: AbortSignal } = {},
): Promise<Output<N>> {
  let response: Response;
  try {
    response = await send(name, input, options.signal ?? null);
  } catch {
    throw new CallError(0, '0', i18n.t('error.network'));
  }
  const body = (await response.json().catch(() => ({}))) as Output<N> &
    Partial<Refusal> & {
      errors?: Refusal[];
      Errors?: { Type: string; Code: string; Details: string }[];
      Operation?: { OperationId?: string };
    };
  // Advanced security: the call did not run, it waits for a token validator; the form says so.
  if (response.status === 202)
    throw new CallError(
      202,
      '0',
      i18n.t('operations.waiting', { id: body.Operation?.OperationId ?? '' }),
      'AwaitingValidation',
    );
  if (!response.ok) {
    // SignIn's 401 is about the password typed; any other means the session is gone.
    if (response.status === 401 && name !== 'SignIn') sessionEnded();
    const error = body.Errors?.[0];
    const refusal =
      typeof body.code === 'string'
        ? { code: body.code, params: body.params ?? {}, field: body.field, detail: body.detail }
        : undefined;
    throw new CallError(
      response.status,
      error?.Code ?? '0',
      error?.Details ?? i18n.t('error.unknown'),
      error?.Type,
      refusal,
      body.errors,
    );
  }
  return body;
}

/** What to tell the person about a failed call: the refusal in their words, else the API's sentence, else the error itself. */
export function errorMessage(error: unknown, words?: FieldWords): string {
  if (!(error instanceof CallError)) return String(error);
  return (error.refusal && sayRefusal(error.refusal, words)) ?? error.details;
}
