import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const accessKeyErrors = declareErrors({
  ExpirationDateInPast: fieldRefusal('InvalidParameterValue', 'ExpirationDate'),
  AccessKeyNotFound: refusal<{ AccessKeyId: string }>('NoSuchResource'),
  TooManyAccessKeys: refusal<{ Max: number }>('TooManyAccessKeys'),
});
