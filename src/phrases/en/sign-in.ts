import type { signInErrors } from '../../calls/sign-in/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const signIn: PhrasesFor<typeof signInErrors> = {
  WrongEmailOrPassword: () =>
    'The email address or the password is incorrect, or the address is not confirmed yet: follow the link mailed to it.',
  SessionNotFound: ({ SessionId }) => `You have no session ${SessionId}.`,
  ProviderNotLinked: ({ ProviderName }) => `${ProviderName} is not linked to you.`,
  OnlyWayToSignIn: ({ ProviderName }) =>
    `${ProviderName} is your only way to sign in: add a password or link another provider first.`,
  UnknownProvider: ({ Field, Id }) => `${Field}: ${JSON.stringify(Id)} is not a sign-in provider of this server.`,
  SignInFirstToLink: () => 'Sign in first: linking or re-authenticating is for a signed-in user.',
  ProviderUnreachable: ({ ProviderName }) => `${ProviderName} cannot be reached right now: try again in a moment.`,
  ExternalSignInUnknown: () => 'This sign-in is unknown, already used or expired. Start the sign-in again.',
  ExternalSignInOtherBrowser: () => 'This sign-in was started in another browser. Start the sign-in again.',
  ProviderDidNotSignIn: ({ ProviderName }) => `${ProviderName} did not sign you in. Start the sign-in again.`,
  ProviderAnswerUnverified: ({ ProviderName }) =>
    `The answer of ${ProviderName} could not be verified. Start the sign-in again.`,
};
