import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { httpErrors } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
    throw httpErrors.BodyNotUtf8();
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    if (error instanceof SyntaxError && /prototype|__proto__/.test(error.message)) {
      throw httpErrors.BodyHasPrototypeKeys();
    }
    throw httpErrors.BodyNotJson();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw httpErrors.BodyNotObject();
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
        throw httpErrors.BodyNotJsonUtf8();
      }
      request.rawBody = body as Buffer;
      done(null, parseJsonObject(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
