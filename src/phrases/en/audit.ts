import type { auditErrors } from '../../calls/audit/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const audit: PhrasesFor<typeof auditErrors> = {
  AuditHeadNotSealed: () =>
    "The audit trail's head is not one this server sealed: VerifyAuditLog tells where the trail breaks.",
};
