import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { ApiError, say } from '../domain/errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(en: string, fr: string): ApiError {
  return new ApiError('InvalidParameterValue', say(en, fr));
}

/**
 * The only body Tessera reads: a JSON object in strict UTF-8 (an empty body is `{}`), with
 * `__proto__` and `constructor.prototype` keys refused rather than obeyed.
 */
function parseJsonObject(raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw malformed('The request body is not valid UTF-8.', "Le corps de la requête n'est pas de l'UTF-8 valide.");
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof SyntaxError && /prototype|__proto__/.test(error.message)) {
      throw malformed(
        'The request body must not contain __proto__ or constructor.prototype keys.',
        'Le corps de la requête ne doit pas contenir de clés __proto__ ou constructor.prototype.',
      );
    }
    throw malformed('The request body is not valid JSON.', "Le corps de la requête n'est pas du JSON valide.");
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(
      'The request body must be a JSON object, such as {}.',
      'Le corps de la requête doit être un objet JSON, par exemple {}.',
    );
  }
  return value as Record<string, unknown>;
}

export function registerJsonBody(app: FastifyInstance): void {
  // Declared up front so that every request object keeps one shape (V8 hidden class).
  app.decorateRequest('rawBody', undefined);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      const charset = /;\s*charset=([^;\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset !== undefined && charset.replace(/"/g, '').toLowerCase() !== 'utf-8') {
        throw new ApiError(
          'UnsupportedMediaType',
          say(
            'The request body must be JSON in UTF-8, sent with Content-Type: application/json.',
            'Le corps de la requête doit être du JSON en UTF-8, envoyé avec Content-Type: application/json.',
          ),
        );
      }
      request.rawBody = body as Buffer;
      done(null, parseJsonObject(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
