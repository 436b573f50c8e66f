import { Type } from '@sinclair/typebox';
import { NoInput } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';

export const readRights = defineCall({
  name: 'ReadRights',
  summary:
    "The rights the caller's account's users may hold, each with a description in English and French: the platform's own rights (Support, SubmitOperations, VerifyRequests…) are listed only in the platform's account.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    Rights: Type.Array(
      Type.Object({ Name: Type.String(), Description: Type.Object({ en: Type.String(), fr: Type.String() }) }),
    ),
  }),
  async handler({ services, principal }) {
    return Promise.resolve({
      // A customer is never offered the rights that only mean something in the platform's account.
      Rights: services.config.rights
        .offered(principal.accountId, services.config.platformAccountId)
        .map((right) => ({ Name: right.name, Description: { ...right.description } })),
    });
  },
});
