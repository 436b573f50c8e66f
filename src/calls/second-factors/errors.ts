import { declareErrors, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const secondFactorErrors = declareErrors({
  PasskeyAnswerUnverifiable: refusal('InvalidParameterValue'),
  PasskeyNotVerified: refusal('InvalidParameterValue'),
  PasskeyAlreadyRegistered: refusal('InvalidParameterValue'),
  PasskeyNotFound: refusal('NoSuchResource'),
  PasskeySignInRefused: refusal('AuthenticationFailed'),
  NoSecondFactorToProve: refusal('InvalidParameterValue'),
  WrongSecondFactorCode: refusal('InvalidParameterValue'),
  TotpAlreadyOn: refusal('InvalidParameterValue'),
  NoTotpBeingAdded: refusal('InvalidParameterValue'),
  WrongTotpConfirmationCode: refusal('InvalidParameterValue'),
  TotpNotOn: refusal('NoSuchResource'),
  RecoveryCodesNeedSecondFactor: refusal('InvalidParameterValue'),
});
