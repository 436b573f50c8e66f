import { Type } from '@sinclair/typebox';
import { updateUserRow } from '../../store/sub-users.js';
import { defineCall } from '../registry.js';

/** The languages of the console and of the mails. */
export const Language = Type.Union([Type.Literal('en'), Type.Literal('fr')], {
  description: 'The language of emails and of the console.',
});

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
