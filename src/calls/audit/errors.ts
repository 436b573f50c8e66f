import { declareErrors, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const auditErrors = declareErrors({
  AuditHeadNotSealed: refusal('InvalidParameterValue'),
});
