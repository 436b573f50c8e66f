import type { flowErrors } from '../../calls/flows/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const flows: PhrasesFor<typeof flowErrors> = {
  SignUpClosed: () => 'Sign-up is closed on this server: ask its administrator for an account.',
  EmailChangeTokenRequired: ({ Field }) => `${Field} is required when you are not signed in.`,
  OneSecondFactorExpected: () => 'Send one of TotpCode, RecoveryCode or Passkey.',
  ProviderEmailUnverified: ({ Provider }) =>
    `Your ${Provider} account has no verified email address: verify it at ${Provider}, then try again.`,
  ProviderUserGone: () => 'This account no longer exists.',
  ProviderEmailInUse: ({ Email, Provider }) =>
    `An account already uses ${Email}. Sign in with your password, then link ${Provider} from the authentication settings.`,
  NoLongerSignedInAsStarter: () => 'You are no longer signed in as the user who started this: sign in and start again.',
  ProviderIdentityTaken: ({ Provider }) => `This ${Provider} account already signs in to another user.`,
  ProviderNoLongerOffered: ({ Provider }) => `The provider ${Provider} is no longer offered here.`,
  ProviderIdentityTakenSince: ({ Provider }) => `This ${Provider} account signs in to another user since.`,
  ProviderIdentityNotLinked: ({ Provider }) =>
    `This ${Provider} account is not linked to you: sign in again with the one you linked.`,
  ProviderSkippedReauthentication: ({ Provider }) => `${Provider} did not ask you to sign in again: try again.`,
  PasswordLinkNotValid: () => 'This link is not valid: check that you copied it whole.',
  InvitationAlreadyAccepted: () => 'This invitation was already accepted: sign in.',
  OnlyRequiredFactor: () =>
    'Your account requires a second factor: this is your only one, so it stays. An administrator can turn the rule off in the authentication settings.',
  SignInChallengeExpired: () => 'This sign-in has expired or was already finished: sign in again with your password.',
  WrongSignInCode: ({ Left }) => `This code is wrong or was already used: ${Left} tries left.`,
  TooManyWrongSignInCodes: () => 'Too many wrong codes: sign in again with your password.',
};
