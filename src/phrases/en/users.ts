import type { userErrors } from '../../calls/users/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const users: PhrasesFor<typeof userErrors> = {
  CannotDeleteYourself: () => 'You cannot delete yourself: ask another user who manages users.',
  CannotDisableYourself: () => 'You cannot disable yourself: ask another user who manages users.',
  UserHasActiveAccessKeys: ({ UserName, Count }) =>
    `${UserName} still has ${Count} active access key${Count > 1 ? 's' : ''}: deactivate or delete ${Count > 1 ? 'them' : 'it'} first (UpdateAccessKey with State INACTIVE).`,
  OwnerDetailsAreTheAccounts: () =>
    "The owner's names, phone and email are the account's: change them with UpdateAccount.",
  NoEmailToInvite: ({ UserName }) => `${UserName} has no email address to invite: set one first.`,
  UserAlreadyAcceptedInvitation: ({ UserName }) => `${UserName} already accepted the invitation and chose a password.`,
  DuplicateUserEmail: () => 'This email address is already the login of another user.',
  DuplicateUserName: ({ UserName }) => `There is already a user named ${JSON.stringify(UserName)} in this account.`,
  PlatformRightOutsidePlatform: ({ Field, Rights }) =>
    `${Field}: ${Rights} can only be held by users of the platform operator's own account, not in this account.`,
};
