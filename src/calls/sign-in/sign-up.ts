import { Type } from '@sinclair/typebox';
import { reviseProfile } from '../../domain/account-profile.js';
import { canonicalEmail } from '../../domain/email-address.js';
import { ApiError, say } from '../../domain/errors.js';
import { checkNewPassword } from '../../domain/password-policy.js';
import { isUniqueViolation } from '../../store/constraint-errors.js';
import { createAccountWithOwner, signUpClosed } from '../account/account-creation.js';
import { Account, accountOutput, ProfileFields } from '../account/account-schemas.js';
import { defineCall } from '../registry.js';
import { startSession } from './session-start.js';
import { Email, Password } from './sign-in.js';

const { FirstName: _first, LastName: _last, AdditionalEmails: _additional, ...optionalProfile } = ProfileFields;

export const signUp = defineCall({
  name: 'SignUp',
  summary: 'Creates an account and its owner, and signs the owner in.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'write',
  input: Type.Object(
    {
      Email,
      Password,
      FirstName: Type.String({ maxLength: 256 }),
      LastName: Type.String({ maxLength: 256 }),
      Language: Type.Optional(
        Type.Union([Type.Literal('en'), Type.Literal('fr')], {
          description: 'The language of emails and of the console.',
        }),
      ),
      ...optionalProfile,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Account }),
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
  async handler(context) {
    const { services, tx, prepared } = context;
    try {
      const created = await createAccountWithOwner(tx, services, { ...prepared, emailVerified: false });
      await startSession(context, tx, created.userId);
      return { Account: accountOutput(created.account) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A clash of random IDs is astronomically unlikely; a taken address is the real case.
      throw new ApiError(
        'DuplicateEmail',
        say(
          'An account cannot be created with this email address. If it is yours, sign in or reset your password.',
          "Impossible de créer un compte avec cette adresse e-mail. Si c'est la vôtre, connectez-vous ou réinitialisez votre mot de passe.",
        ),
      );
    }
  },
});
