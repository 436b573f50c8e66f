import type { ApiCalls } from '../../../src/calls/index.js';
import { i18n } from '../app/i18n.js';
import { inPersonsWords } from './in-persons-words.js';
import { sessionEnded } from './session-end.js';

export type CallName = keyof ApiCalls;
export type Input<N extends CallName> = ApiCalls[N]['input'];
export type Output<N extends CallName> = ApiCalls[N]['output'];
export type Account = Output<'ReadAccounts'>['Accounts'][number];
/** The signed-in user: who they are and which rights they hold. */
export type Me = Output<'ReadUserDetails'>['UserDetails'];
export type UserDetails = Me;

/** An error the API answered with: its status and OAPI error. */
export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: string,
    /** OAPI's error Type, such as ReauthenticationRequired. */
    readonly type = '',
  ) {
    super(details);
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
    response = await fetch(`/api/v1/${name}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'accept-language': i18n.language },
      body: JSON.stringify(input),
      signal: options.signal ?? null,
    });
  } catch {
    throw new CallError(0, '0', i18n.t('error.network'));
  }
  const body = (await response.json().catch(() => ({}))) as Output<N> & {
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
    throw new CallError(response.status, error?.Code ?? '0', error?.Details ?? i18n.t('error.unknown'), error?.Type);
  }
  return body;
}

/** What to tell the person about a failed call: the API's sentence in their words, else the error itself. */
export function errorMessage(error: unknown): string {
  return error instanceof CallError ? inPersonsWords(error.details) : String(error);
}
