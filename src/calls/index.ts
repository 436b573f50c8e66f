import type { Static } from '@sinclair/typebox';
import { readAccounts, updateAccount } from './account.js';
import { createAccessKey, deleteAccessKey, readAccessKeys, updateAccessKey } from './access-keys.js';
import { cancelEmailChange, confirmEmail, readEmailAddresses, resendEmailConfirmation } from './email.js';
import { updatePassword } from './password.js';
import { resetAccountPassword, sendResetPasswordEmail } from './password-reset.js';
import { deleteOtherSessions, deleteSession, readSessions } from './sessions.js';
import type { AnyCall } from './registry.js';
import { signIn, signOut, signUp } from './sign-in.js';
import { acceptInvitation, resendInvitation } from './invitations.js';
import { disableUser, enableUser, readRights, readUserDetails, updateUserDetails } from './user-details.js';
import { createUser, deleteUser, readUsers, updateUser } from './users.js';
import { completeExternalSignIn, readLoginProviders, startExternalSignIn } from './external-logins.js';
import { readLogins, sendAddPasswordEmail, unlinkLogin } from './logins.js';

const DECLARED = [
  readAccounts,
  updateAccount,
  createAccessKey,
  readAccessKeys,
  updateAccessKey,
  deleteAccessKey,
  readEmailAddresses,
  confirmEmail,
  cancelEmailChange,
  resendEmailConfirmation,
  updatePassword,
  sendResetPasswordEmail,
  resetAccountPassword,
  readSessions,
  deleteSession,
  deleteOtherSessions,
  signUp,
  signIn,
  signOut,
  createUser,
  readUsers,
  updateUser,
  deleteUser,
  readUserDetails,
  updateUserDetails,
  enableUser,
  disableUser,
  readRights,
  resendInvitation,
  acceptInvitation,
  readLoginProviders,
  startExternalSignIn,
  completeExternalSignIn,
  readLogins,
  unlinkLogin,
  sendAddPasswordEmail,
] as const;

/** Every call of the API, declared once: HTTP routes, OpenAPI, the CLI and the console derive from this list. */
export const CALLS: readonly AnyCall[] = DECLARED as unknown as readonly AnyCall[];

type Declared = (typeof DECLARED)[number];

/** Each call's input and output types by name, for typed clients such as the console. */
export type ApiCalls = {
  [C in Declared as C['name']]: { input: Static<C['input']>; output: Static<C['output']> };
};
