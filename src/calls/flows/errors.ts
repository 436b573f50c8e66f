import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const flowErrors = declareErrors({
  SignUpClosed: refusal('NotAuthorized'),
  EmailChangeTokenRequired: fieldRefusal('InvalidParameter', 'Token'),
  OneSecondFactorExpected: refusal('InvalidParameter'),
  ProviderEmailUnverified: refusal<{ Provider: string }>('AuthenticationFailed'),
  ProviderUserGone: refusal('AuthenticationFailed'),
  ProviderEmailInUse: refusal<{ Email: string; Provider: string }>('DuplicateEmail'),
  NoLongerSignedInAsStarter: refusal('AuthenticationFailed'),
  ProviderIdentityTaken: refusal<{ Provider: string }>('DuplicateEmail'),
  ProviderNoLongerOffered: refusal<{ Provider: string }>('AuthenticationFailed'),
  ProviderIdentityTakenSince: refusal<{ Provider: string }>('DuplicateEmail'),
  ProviderIdentityNotLinked: refusal<{ Provider: string }>('AuthenticationFailed'),
  ProviderSkippedReauthentication: refusal<{ Provider: string }>('AuthenticationFailed'),
  PasswordLinkNotValid: refusal('InvalidParameterValue'),
  InvitationAlreadyAccepted: refusal('PasswordAlreadySet'),
  OnlyRequiredFactor: refusal('InvalidParameterValue'),
  SignInChallengeExpired: refusal('InvalidParameterValue'),
  WrongSignInCode: refusal<{ Left: number }>('InvalidParameterValue'),
  TooManyWrongSignInCodes: refusal('InvalidParameterValue'),
});
