import { Type } from '@sinclair/typebox';
import { listOperations, operationsWithTokenOf } from '../../store/operations.js';
import { OperationId, OperationSchema, operationOutput } from '../pipeline/operation-output.js';
import { userNames } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';
import { operationErrors } from './errors.js';

/** Recent enough to be listed with the pending ones. */
const RECENT_MS = 7 * 24 * 3_600_000;

export const readOperations = defineCall({
  name: 'ReadOperations',
  summary:
    "Token validators see the account's pending and recent operations; everyone else sees their own. The platform polls it for the outcome of its operations.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'read',
  input: Type.Object(
    {
      OperationId: Type.Optional(OperationId),
      AccountId: Type.Optional(
        Type.String({
          pattern: '^[0-9]{12}$',
          description: "For the platform's services: the customer account whose platform operations to read.",
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Operations: Type.Array(OperationSchema) }),
  async handler({ input, principal, services, db, language }) {
    const platform = input.AccountId !== undefined;
    if (platform && principal.accountId !== services.config.platformAccountId)
      throw operationErrors.OtherAccountOperationsPlatformOnly();
    const accountId = input.AccountId ?? principal.accountId;
    const validator = principal.rights.has('TokenValidator');
    const rows = await listOperations(db, accountId, {
      ...(platform ? { kind: 'platform' as const } : validator ? {} : { requesterId: principal.userId }),
      since: services.now() - RECENT_MS,
    });
    const names = await userNames({ db }, accountId);
    const now = services.now();
    const listed = rows
      .filter((row) => input.OperationId === undefined || row.operation_id === input.OperationId)
      // Past its date it is expired, whether or not an instance has recorded it yet.
      .map((row) => (row.state === 'pending' && row.expires_at <= now ? { ...row, state: 'expired' as const } : row));
    // The reader's own tokens: a requester whom the policy leaves without one only waits, or cancels.
    const tokens = await operationsWithTokenOf(
      db,
      principal.userId,
      listed.filter((row) => row.state === 'pending').map((row) => row.operation_id),
    );
    return {
      Operations: listed.map((row) =>
        operationOutput(row, names, language, platform ? undefined : { tokenMailed: tokens.has(row.operation_id) }),
      ),
    };
  },
});
