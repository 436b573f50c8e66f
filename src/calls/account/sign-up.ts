import { Type } from '@sinclair/typebox';
import { reviseProfile } from '../../domain/account-profile.js';
import { canonicalEmail, emailKey } from '../../domain/email-address.js';
import { checkNewPassword } from '../../domain/password-policy.js';
import { isUniqueViolation } from '../../store/database-errors.js';
import { findUserByEmailKey } from '../../store/users.js';
import { createAccountWithOwner, signUpClosed } from '../flows/account-creation.js';
import { accountCreated } from '../flows/account-event-data.js';
import { AnswerAfterRollback, Email, Language, Password } from '../pipeline/call-parts.js';
import { queueMail } from '../pipeline/mail-queue.js';
import { defineCall } from '../pipeline/registry.js';
import { ProfileFields } from './account-schemas.js';

const { FirstName: _first, LastName: _last, AdditionalEmails: _additional, ...optionalProfile } = ProfileFields;

export const signUp = defineCall({
  name: 'SignUp',
  summary:
    'Creates an account and its owner, and mails a link to confirm the address; the link signs the owner in. Answers the same when the address already has an account, whose owner is told by mail.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'write',
  // Only when an account was made: an address that had one already changes nothing of it.
  events: { emits: ['account.created'], of: ({ db, accountId }) => accountCreated(db, accountId, 'SignUp') },
  input: Type.Object(
    {
      Email,
      Password,
      FirstName: Type.String({ maxLength: 256 }),
      LastName: Type.String({ maxLength: 256 }),
      Language: Type.Optional(Language),
      ...optionalProfile,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async prepare({ input, services, language }) {
    const { config, hasher } = services;
    if (!config.signUpOpen) throw signUpClosed();
    const { Email: rawEmail, Password: password, Language: chosen, ...fields } = input;
    const email = canonicalEmail('Email', rawEmail);
    const profile = reviseProfile({ FirstName: '', LastName: '', AdditionalEmails: [] }, fields, email);
    checkNewPassword('Password', password, config.passwordMinLength, [
      profile.FirstName,
      profile.LastName,
      email,
      profile.CompanyName,
    ]);
    return { email, profile, language: chosen ?? language, passwordHash: await hasher.hash(password) };
  },
  async handler({ services, tx, prepared, event }) {
    // The answer and the work are the same whoever holds the address (ASVS 6.3.8): only the
    // mailbox learns which it was, and no one is signed in before the address is confirmed.
    const holder = await findUserByEmailKey(tx.db, emailKey(prepared.email));
    if (holder) {
      await queueMail(
        tx,
        services,
        {
          recipient: holder.email,
          language: holder.language,
          template: 'account-exists',
          payload: { link: `${services.config.publicUrl.origin}/signin` },
        },
        'skip',
      );
      return {};
    }
    try {
      const { account, userId } = await createAccountWithOwner(tx, services, { ...prepared, emailVerified: false });
      event.actor = { userId, accountId: account.account_id };
      event.changes = [
        { Field: 'Email', NewValue: prepared.email },
        { Field: 'Password', Secret: true },
      ];
    } catch (error) {
      // Another sign-up took the address a moment ago: this one answers as it would have.
      if (isUniqueViolation(error)) return new AnswerAfterRollback({});
      throw error;
    }
    return {};
  },
});
