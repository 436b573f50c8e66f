import { Type } from '@sinclair/typebox';
import { emailKey } from '../../domain/email-address.js';
import { readAccount } from '../../store/accounts.js';
import { confirmedAdditionalEmails } from '../../store/email-tokens.js';
import { findUser } from '../../store/users.js';
import { accountGone, NoInput } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';

export const readEmailAddresses = defineCall({
  name: 'ReadEmailAddresses',
  summary:
    "The caller's email address, whether it is confirmed, the address waiting for confirmation, and which additional addresses are confirmed.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    Email: Type.Optional(Type.String({ description: 'Absent for a user created without an email.' })),
    EmailConfirmed: Type.Boolean(),
    PendingEmail: Type.Optional(Type.String({ description: 'The new address, until it is confirmed.' })),
    AdditionalEmails: Type.Array(Type.Object({ Email: Type.String(), Confirmed: Type.Boolean() })),
  }),
  async handler({ principal, db }) {
    const user = await findUser(db, principal.userId);
    const account = await readAccount(db, principal.accountId);
    if (!user || !account) throw accountGone();
    const confirmed = await confirmedAdditionalEmails(db, principal.accountId);
    return {
      ...(user.email !== null ? { Email: user.email } : {}),
      EmailConfirmed: user.email_confirmed_at !== null,
      ...(user.pending_email ? { PendingEmail: user.pending_email } : {}),
      AdditionalEmails: (JSON.parse(account.additional_emails) as string[]).map((address) => ({
        Email: address,
        Confirmed: confirmed.has(emailKey(address)),
      })),
    };
  },
});
