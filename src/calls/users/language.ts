import { Type } from '@sinclair/typebox';
import { updateUserRow } from '../../store/sub-users.js';
import { Language } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';

export const updateLanguage = defineCall({
  name: 'UpdateLanguage',
  summary: "Sets the caller's language: the console opens in it and every mail to them is written in it.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  duringEnrolment: true,
  access: { kind: 'self' },
  effect: 'write',
  input: Type.Object({ Language }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, principal, services, tx }) {
    await updateUserRow(tx.db, principal.userId, { language: input.Language, updated_at: services.now() });
    return {};
  },
});
