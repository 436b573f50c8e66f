import type { passwordErrors } from '../../calls/password/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const password: PhrasesFor<typeof passwordErrors> = {
  AlreadyHasPassword: () => 'You already have a password: change it instead.',
  NoEmailForPasswordLink: () => 'You have no email address to send the link to.',
  NoPasswordYet: () => 'Your account has no password yet: add one from the link sent by "Add password".',
  NewPasswordSameAsCurrent: ({ Field }) => `${Field} must differ from the current password.`,
  CurrentPasswordChangedMeanwhile: ({ Field }) => `${Field} is no longer your password: it was changed meanwhile.`,
};
