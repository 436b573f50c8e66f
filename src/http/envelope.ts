import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptedLanguage } from '../domain/accept-language.js';
import { ERROR_KINDS, type ApiError, type Language } from '../domain/errors.js';
import { errorSentence } from '../phrases/index.js';
import { httpErrors } from './errors.js';

/** The language of error messages: the first of the request's Accept-Language that Tessera speaks. */
export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  return acceptedLanguage(typeof header === 'string' ? header : undefined);
}

export const ResponseContext = Type.Object({
  RequestId: Type.String({
    description:
      "The request's id, also in the X-Request-Id header and the log: a UUID, or the id a trusted proxy sent in X-Request-Id.",
  }),
});

/** OAPI's ErrorResponse. */
export const ErrorEnvelope = Type.Object({
  Errors: Type.Array(Type.Object({ Type: Type.String(), Code: Type.String(), Details: Type.String() })),
  ResponseContext,
});

const RefusalParams = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Object({ en: Type.String(), fr: Type.String() })]),
  { description: 'What the sentence names; a parameter named …Field names an input field.' },
);

/** Problem details (RFC 9457) with the catalogue's refusal, and OAPI's members beside it. */
export const ProblemDetails = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: "The catalogue's code of the refusal, the same in every language." }),
  params: RefusalParams,
  field: Type.Optional(Type.String({ description: 'The input field the refusal concerns.' })),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        detail: Type.String(),
        code: Type.String(),
        params: RefusalParams,
        field: Type.Optional(Type.String()),
      }),
      {
        description: 'When several fields were refused at once: each of them, the first being the one above.',
      },
    ),
  ),
  Errors: ErrorEnvelope.properties.Errors,
  ResponseContext,
});

/** A refusal's answer, in the media type the client asked for. */
export const ERROR_RESPONSE = {
  content: {
    'application/json': { schema: ErrorEnvelope },
    'application/problem+json': { schema: ProblemDetails },
  },
};

/** The OAPI envelope: what OUTSCALE's clients read, byte for byte. */
function errorBody(requestId: string, error: ApiError, details: string) {
  const kind = ERROR_KINDS[error.kind];
  return {
    Errors: [{ Type: kind.type, Code: kind.code, Details: details }],
    ResponseContext: { RequestId: requestId },
  };
}

/** How much an Accept header wants `type` (its q, 1 by default), or 0 when it does not name it. */
function quality(accept: string, type: string): number {
  for (const range of accept.split(',')) {
    const [name, ...parameters] = range.split(';').map((part) => part.replace(/\s+/g, '').toLowerCase());
    if (name !== type) continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return q === undefined ? 1 : Number(q.slice(2)) || 0;
  }
  return 0;
}

/**
 * Whether the client asked for problem details (RFC 9457) rather than the bare OAPI envelope:
 * named, and not ranked below application/json.
 */
function wantsProblemDetails(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (typeof accept !== 'string') return false;
  const problem = quality(accept, 'application/problem+json');
  return problem > 0 && problem >= quality(accept, 'application/json');
}

/**
 * Problem details (RFC 9457) for a client that asks for them, such as the console: the catalogue's
 * code, its parameters and the field it concerns, to say it in the client's own words and place it
 * beside the field, with the OAPI envelope's members kept so that an OAPI reader reads it too.
 */
function problemBody(requestId: string, error: ApiError, language: Language) {
  const refusal = refusalOf(error, language);
  return {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    ...refusal,
    // Every field refused at once (the first is the answer's own), for a form to show them all.
    ...(error.others.length > 0
      ? { errors: [refusal, ...error.others.map((refused) => refusalOf(refused, language))] }
      : {}),
    // The sentence is said once, for both the problem's detail and OAPI's Details.
    ...errorBody(requestId, error, refusal.detail),
  };
}

function refusalOf(error: ApiError, language: Language) {
  return {
    detail: errorSentence(error, language),
    code: error.code,
    params: error.params,
    ...(error.field === undefined ? {} : { field: error.field }),
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  const language = requestLanguage(request);
  reply.code(error.status);
  if (wantsProblemDetails(request)) {
    return reply.type('application/problem+json').send(problemBody(request.id, error, language));
  }
  return reply.type('application/json').send(errorBody(request.id, error, errorSentence(error, language)));
}

interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
}

/** Turns what Fastify itself refuses (body size, media type, bad URL) into the OAPI envelope. */
export function fromFastifyError(error: FastifyErrorLike): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return httpErrors.BodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return httpErrors.BodyNotJsonMediaType();
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return httpErrors.MalformedRequest();
      }
      return undefined;
  }
}

/** The request's transaction was undone again and again by others changing the same rows at once. */
export function databaseBusy(): ApiError {
  return httpErrors.DatabaseBusy().retryAfter(1);
}

/** The database is away for a moment (a restart, a failover): 503, and when to try again. */
export function databaseUnavailable(): ApiError {
  return httpErrors.DatabaseUnavailable().retryAfter(2);
}
