import { onlyFields, rightsChange, type ActionFacts, type ActionSentences } from '../action-facts.js';

/** "the right Token validator", "the rights A and B". */
function rights(facts: ActionFacts, names: readonly string[]): string {
  return `the ${names.length === 1 ? 'right' : 'rights'} ${facts.list(names.map(facts.right))}`;
}

/** Granting or taking rights away, said as a person would. */
function rightsSentence(facts: ActionFacts): string {
  const { added, removed } = rightsChange(facts);
  if (added.length > 0 && removed.length === 0) return `Give ${facts.who} ${rights(facts, added)}`;
  if (removed.length > 0 && added.length === 0) return `Take ${rights(facts, removed)} away from ${facts.who}`;
  return `Change the rights of ${facts.who}`;
}

const SECURITY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  AdvancedSecurity: { true: 'Turn on advanced security', false: 'Turn off advanced security' },
  ValidationPolicy: {
    OtherValidator: 'Require another validator to confirm each request',
    AnyValidator: 'Let validators confirm their own requests',
  },
  RequireSecondFactor: {
    true: 'Require two-step verification of every user',
    false: 'Stop requiring two-step verification of every user',
  },
};

/** What each action does, in English, as the token mail and the Operations page say it. */
export const actions: ActionSentences = {
  UpdateAccount: ({ value }) =>
    value.Email ? `Change the account's email address to ${value.Email}` : "Update the account's details",
  CreateAccessKey: ({ who }) => `Create an access key for ${who}`,
  UpdateAccessKey: ({ who, value }) => {
    const key = value.AccessKeyId ? ` ${value.AccessKeyId}` : '';
    if (value.State === 'ACTIVE') return `Activate the access key${key} of ${who}`;
    if (value.State === 'INACTIVE') return `Deactivate the access key${key} of ${who}`;
    return `Change the access key${key} of ${who}`;
  },
  DeleteAccessKey: ({ who, value }) =>
    `Delete the access key${value.AccessKeyId ? ` ${value.AccessKeyId}` : ''} of ${who}`,
  ConfirmEmail: ({ who }) => `Confirm the email address of ${who}`,
  CancelEmailChange: ({ who }) => `Cancel the change of email address of ${who}`,
  ResendEmailConfirmation: ({ who }) => `Send the email confirmation link of ${who} again`,
  UpdatePassword: ({ who }) => `Change the password of ${who}`,
  SendResetPasswordEmail: () => 'Send a link to reset a password',
  ResetAccountPassword: ({ who }) => `Reset the password of ${who}`,
  DeleteSession: ({ who }) => `Sign ${who} out of a device`,
  DeleteOtherSessions: ({ who }) => `Sign ${who} out of every other device`,
  SignUp: () => 'Create an account',
  SignIn: ({ who }) => `Sign in as ${who}`,
  CompleteSignIn: ({ who }) => `Finish signing in as ${who}`,
  SignOut: ({ who }) => `Sign ${who} out`,
  CreateUser: (facts) => {
    const name = facts.value.UserName ?? '';
    const full = [facts.value.FirstName, facts.value.LastName].filter(Boolean).join(' ');
    const user = full ? `${full} (${name})` : name;
    const granted = rightsChange(facts).added;
    return `Create the user ${user}${granted.length > 0 ? ` with ${rights(facts, granted)}` : ''}`;
  },
  UpdateUser: ({ who, value }) => {
    if (value.NewUserName && !value.NewUserEmail) return `Rename the user ${who} to ${value.NewUserName}`;
    if (value.NewUserEmail && !value.NewUserName) return `Change the email address of ${who} to ${value.NewUserEmail}`;
    return `Change the user ${who}`;
  },
  DeleteUser: ({ who }) => `Delete the user ${who}`,
  UpdateUserDetails: (facts) => {
    const { value, who } = facts;
    if (onlyFields(facts, 'UserName', 'Rights') && value.Rights !== undefined) return rightsSentence(facts);
    if (onlyFields(facts, 'UserName', 'Email') && value.Email !== undefined)
      return `Change the email address of ${who} to ${value.Email}`;
    return `Change the details of ${who}`;
  },
  EnableUser: ({ who }) => `Enable the user ${who}`,
  DisableUser: ({ who }) => `Disable the user ${who}`,
  ResendInvitation: ({ who }) => `Send the invitation of ${who} again`,
  AcceptInvitation: () => 'Accept an invitation and choose a password',
  StartExternalSignIn: ({ value }) =>
    value.Intent === 'Link'
      ? `Start linking ${value.Provider ?? 'a provider'}`
      : `Sign in with ${value.Provider ?? 'a provider'}`,
  CompleteExternalSignIn: ({ who }) => `Finish signing in with a provider as ${who}`,
  LinkLogin: ({ who, value }) => `Let ${who} sign in with ${value.Provider ?? 'a provider'}`,
  UnlinkLogin: ({ who, value }) => `Stop ${who} signing in with ${value.Provider ?? 'a provider'}`,
  SendAddPasswordEmail: ({ who }) => `Mail ${who} a link to add a password`,
  UpdateLanguage: ({ who, value }) => {
    const language = { en: 'English', fr: 'French' }[value.Language ?? ''] ?? value.Language;
    return language ? `Change the language of ${who} to ${language}` : `Change the language of ${who}`;
  },
  UpdateAccountSecurity: ({ value }) => {
    const said = Object.entries(value).flatMap(([field, to]) => SECURITY[field]?.[to] ?? []);
    return said.length === 1 ? said[0]! : 'Change the settings of advanced security';
  },
  ClaimOperationResult: ({ value }) => `Read the result of operation ${value.OperationId ?? ''}`.trimEnd(),
  ValidateOperation: ({ value }) => `Validate operation ${value.OperationId ?? ''}`.trimEnd(),
  CancelOperation: ({ value }) => `Cancel operation ${value.OperationId ?? ''}`.trimEnd(),
  CreateOperation: () => 'Submit an action of the platform for validation',
  CreateSupportCode: ({ who }) => `Create a support code for ${who}`,
  CheckSupportCode: () => "Check a customer's support code",
  CreateTotp: ({ who }) => `Start adding an authenticator app for ${who}`,
  ConfirmTotp: ({ who }) => `Add an authenticator app for ${who}`,
  DeleteTotp: ({ who }) => `Remove the authenticator app of ${who}`,
  CreateRecoveryCodes: ({ who }) => `Create new recovery codes for ${who}`,
  ReauthenticateWithSecondFactor: ({ who }) => `Confirm that ${who} is who they say, with a second factor`,
  CreatePasskeyOptions: ({ who }) => `Start adding a passkey for ${who}`,
  CreatePasskey: ({ who, value }) =>
    value.Name ? `Add the passkey “${value.Name}” for ${who}` : `Add a passkey for ${who}`,
  DeletePasskey: ({ who }) => `Remove a passkey of ${who}`,
  StartPasskeySignIn: () => 'Start signing in with a passkey',
  CompletePasskeySignIn: ({ who }) => `Sign in with a passkey as ${who}`,
};
