import type { ApiError } from '../domain/errors.js';
import { httpErrors } from './errors.js';

/** Longest key accepted: a UUID is 36 characters; the field's APIs accept up to 255. */
const MAX_LENGTH = 255;

/** What the OpenAPI document says of the header. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'A key unique to this request (a UUID), sent again unchanged when the request is retried: a write by a caller with a credential is then answered as the first time, to the same session or access key, and acts once. Kept an hour; the same key with another request is refused (422).',
  schema: { type: 'string', minLength: 1, maxLength: MAX_LENGTH },
} as const;

function malformed(): ApiError {
  return httpErrors.MalformedIdempotencyKey({ Max: MAX_LENGTH });
}

/**
 * The Idempotency-Key header's value: a structured-field string as the IETF draft writes it
 * ("…"), or the bare token most clients send. Anything else is refused, never half-used.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw malformed();
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  if (key.length === 0 || key.length > MAX_LENGTH || !/^[\x21-\x7e]+$/.test(key)) throw malformed();
  return key;
}
