import { declareErrors, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const emailErrors = declareErrors({
  EmailLinkNoLongerValid: refusal('InvalidParameterValue'),
  EmailAddressTaken: refusal('InvalidParameterValue'),
  NoEmailToConfirm: refusal('InvalidParameterValue'),
  EmailAlreadyConfirmed: refusal('InvalidParameterValue'),
});
