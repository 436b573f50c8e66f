import { Type } from '@sinclair/typebox';
import { findOperation, takeOperationResult } from '../../store/operations.js';
import { OperationId } from '../pipeline/operation-output.js';
import { defineCall } from '../pipeline/registry.js';
import { operationErrors } from './errors.js';

export const claimOperationResult = defineCall({
  name: 'ClaimOperationResult',
  summary:
    'What a validated operation answered that only its requester may see, once (the secret key of an access key, recovery codes): read, then wiped.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  // Claiming it wipes it: a write, so that two requests at once get it once.
  effect: 'write',
  input: Type.Object({ OperationId }, { additionalProperties: false }),
  output: Type.Object({
    OperationId: Type.String(),
    Action: Type.String({ description: 'The call that ran.' }),
    Result: Type.Object({}, { additionalProperties: true, description: "The call's answer, as it would have been." }),
  }),
  async handler({ input, principal, services, tx }) {
    const row = await findOperation(tx.db, principal.accountId, input.OperationId);
    const sealed = row && (await takeOperationResult(tx.db, row.operation_id, principal.userId));
    if (!row || !sealed) throw operationErrors.NoOperationResultWaiting({ OperationId: input.OperationId });
    const result = JSON.parse(services.secrets.open(sealed, `result:${row.operation_id}`)) as Record<string, unknown>;
    return { OperationId: row.operation_id, Action: row.action, Result: result };
  },
});
