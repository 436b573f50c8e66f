import type { secondFactorErrors } from '../../calls/second-factors/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const secondFactors: PhrasesFor<typeof secondFactorErrors> = {
  PasskeyAnswerUnverifiable: () => 'The browser’s answer could not be verified: add the passkey again.',
  PasskeyNotVerified: () => 'The passkey was not verified.',
  PasskeyAlreadyRegistered: () => 'This passkey is already registered.',
  PasskeyNotFound: () => 'You have no such passkey.',
  PasskeySignInRefused: () => 'This passkey does not sign in here, or the sign-in expired: try again.',
  NoSecondFactorToProve: () =>
    'You have no second factor: prove who you are with your password (CurrentPassword) or by signing in again.',
  WrongSecondFactorCode: () => 'This code is wrong or was already used.',
  TotpAlreadyOn: () => 'An authenticator app is already on: remove it (DeleteTotp) before adding another.',
  NoTotpBeingAdded: () => 'There is no authenticator app being added: start with CreateTotp.',
  WrongTotpConfirmationCode: () =>
    'This code is not the one the app shows now: check the time of your phone, and type the six digits again.',
  TotpNotOn: () => 'No authenticator app is on.',
  RecoveryCodesNeedSecondFactor: () => 'Recovery codes come with a second factor: add an authenticator app first.',
};
