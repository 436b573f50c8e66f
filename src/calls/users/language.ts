import { Type } from '@sinclair/typebox';
import { updateUserRow } from '../../store/sub-users.js';
import { lockUser } from '../../store/users.js';
import { accountGone, Language } from '../pipeline/call-parts.js';
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
  async handler({ input, principal, services, tx, event }) {
    // Locked, so that the language the event names as before is the one this change replaced.
    const user = await lockUser(tx, principal.userId);
    if (!user) throw accountGone();
    // The same language again changes nothing, and so records nothing.
    if (user.language === input.Language) return {};
    await updateUserRow(tx.db, principal.userId, { language: input.Language, updated_at: services.now() });
    event.changes = [{ Field: 'Language', OldValue: user.language, NewValue: input.Language }];
    return {};
  },
});
