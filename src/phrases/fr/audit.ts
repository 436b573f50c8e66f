import type { auditErrors } from '../../calls/audit/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const audit: PhrasesFor<typeof auditErrors> = {
  AuditHeadNotSealed: () =>
    "La tête du journal d'audit n'est pas une que ce serveur a scellée : VerifyAuditLog indique où le journal est rompu.",
};
