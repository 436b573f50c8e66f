import type { Static } from '@sinclair/typebox';
import { createAccessKey, deleteAccessKey, readAccessKeys, updateAccessKey } from './access-keys/access-keys.js';
import { readAccounts, updateAccount } from './account/account.js';
import { signUp } from './account/sign-up.js';
import { readAuditHead, readAuditSigningKey } from './audit/audit-export.js';
import { readAuditLog, readSecurityActivity, verifyAuditLog } from './audit/audit-log.js';
import { readAuditPeople } from './audit/audit-people.js';
import { readEmailAddresses } from './email/email-addresses.js';
import { confirmEmail, resendEmailConfirmation } from './email/email-confirmation.js';
import { cancelEmailChange } from './flows/email-change.js';
import { completeSignIn } from './flows/second-step.js';
import { readAccountSecurity, updateAccountSecurity } from './operations/account-security.js';
import { claimOperationResult } from './operations/operation-result.js';
import { cancelOperation, validateOperation } from './operations/operations.js';
import { createPlatformOperation } from './operations/platform-operations.js';
import { readOperations } from './operations/read-operations.js';
import { sendAddPasswordEmail } from './password/add-password.js';
import { readPasswordLink, readPasswordPolicy } from './password/password-links.js';
import { resetAccountPassword, sendResetPasswordEmail } from './password/password-reset.js';
import { updatePassword } from './password/password.js';
import type { AnyCall } from './pipeline/registry.js';
import {
  completePasskeySignIn,
  createPasskey,
  createPasskeyOptions,
  deletePasskeyCall,
  readPasskeys,
  startPasskeySignIn,
} from './second-factors/passkeys.js';
import { reauthenticateWithSecondFactor } from './second-factors/step-up.js';
import {
  confirmTotp,
  createRecoveryCodes,
  createTotp,
  deleteTotpFactor,
  readSecondFactors,
} from './second-factors/two-step.js';
import { completeExternalSignIn, readLoginProviders, startExternalSignIn } from './sign-in/external-sign-in.js';
import { readLogins, unlinkLogin } from './sign-in/logins.js';
import { deleteOtherSessions, deleteSession, readSessions } from './sign-in/sessions.js';
import { signIn, signOut } from './sign-in/sign-in.js';
import { checkSupportCode, createSupportCode } from './support/support-codes.js';
import { acceptInvitation, resendInvitation } from './users/invitations.js';
import { updateLanguage } from './users/language.js';
import { readRights } from './users/rights.js';
import { readUserDetails, updateUserDetails } from './users/user-details.js';
import { disableUser, enableUser } from './users/user-state.js';
import { createUser, deleteUser, readUsers, updateUser } from './users/users.js';
import { verifyRequest } from './verification/verify-request.js';

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
  readPasswordLink,
  readPasswordPolicy,
  readSessions,
  deleteSession,
  deleteOtherSessions,
  signUp,
  signIn,
  completeSignIn,
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
  updateLanguage,
  readAccountSecurity,
  updateAccountSecurity,
  readOperations,
  claimOperationResult,
  validateOperation,
  cancelOperation,
  createPlatformOperation,
  readAuditLog,
  readAuditPeople,
  readSecurityActivity,
  verifyAuditLog,
  readAuditHead,
  readAuditSigningKey,
  createSupportCode,
  checkSupportCode,
  readSecondFactors,
  createTotp,
  confirmTotp,
  deleteTotpFactor,
  createRecoveryCodes,
  reauthenticateWithSecondFactor,
  readPasskeys,
  createPasskeyOptions,
  createPasskey,
  deletePasskeyCall,
  startPasskeySignIn,
  completePasskeySignIn,
  verifyRequest,
] as const;

/** Every call of the API, declared once: HTTP routes, OpenAPI, the CLI and the console derive from this list. */
export const CALLS: readonly AnyCall[] = DECLARED as unknown as readonly AnyCall[];

type Declared = (typeof DECLARED)[number];

/** The calls that write: under advanced security any of them may wait for a validator, so each has a sentence (src/phrases/). */
export type WriteCallName = Extract<Declared, { effect: 'write' }>['name'];

/** Each call's input and output types by name, for typed clients such as the console. */
export type ApiCalls = {
  [C in Declared as C['name']]: { input: Static<C['input']>; output: Static<C['output']> };
};
