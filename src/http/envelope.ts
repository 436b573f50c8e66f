import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERROR_KINDS, say, type Language } from '../domain/errors.js';

/** The language of error messages: the first of the request's Accept-Language that Tessera speaks. */
export function requestLanguage(request: FastifyRequest): Language {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  for (const part of header.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'fr' || tag === 'en') return tag;
  }
  return 'en';
}

function errorBody(requestId: string, error: ApiError, language: Language) {
  const kind = ERROR_KINDS[error.kind];
  return {
    Errors: [{ Type: kind.type, Code: kind.code, Details: error.details[language] }],
    ResponseContext: { RequestId: requestId },
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply
    .code(error.status)
    .type('application/json')
    .send(errorBody(request.id, error, requestLanguage(request)));
}

interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
}

/** Turns what Fastify itself refuses (body size, media type, bad URL) into the OAPI envelope. */
export function fromFastifyError(error: FastifyErrorLike): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        'BodyTooLarge',
        say('The request body is too large.', 'Le corps de la requête est trop grand.'),
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new ApiError(
        'UnsupportedMediaType',
        say(
          'The request body must be JSON, sent with Content-Type: application/json.',
          'Le corps de la requête doit être du JSON, envoyé avec Content-Type: application/json.',
        ),
      );
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return new ApiError('InvalidParameterValue', say('The request is malformed.', 'La requête est mal formée.'));
      }
      return undefined;
  }
}

/** The request's transaction was undone again and again by others changing the same rows at once. */
export function databaseBusy(): ApiError {
  return new ApiError(
    'DatabaseBusy',
    say(
      'Other requests were changing the same data at the same moment, and nothing was changed: try again.',
      "D'autres requêtes modifiaient les mêmes données au même moment, et rien n'a été modifié : réessayez.",
    ),
    1,
  );
}

/** The database is away for a moment (a restart, a failover): 503, and when to try again. */
export function databaseUnavailable(): ApiError {
  return new ApiError(
    'DatabaseUnavailable',
    say(
      'The service cannot reach its database for a moment: try again in a few seconds.',
      'Le service ne joint pas sa base de données pour un instant : réessayez dans quelques secondes.',
    ),
    2,
  );
}
