import { declareErrors, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const supportErrors = declareErrors({
  NotASupportCode: refusal<{ Left: number }>('InvalidParameterValue'),
  SupportCodeExpired: refusal<{ Left: number }>('InvalidParameterValue'),
  SupportCodeAlreadyChecked: refusal<{ Left: number }>('InvalidParameterValue'),
  TooManyWrongSupportCodes: refusal<{ Minutes: number }>('Throttled'),
});
