import { declareErrors, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const userErrors = declareErrors({
  CannotDeleteYourself: refusal('InvalidParameterValue'),
  CannotDisableYourself: refusal('InvalidParameterValue'),
  UserHasActiveAccessKeys: refusal<{ UserName: string; Count: number }>('InvalidParameterValue'),
  OwnerDetailsAreTheAccounts: refusal('InvalidParameterValue'),
  NoEmailToInvite: refusal<{ UserName: string }>('InvalidParameterValue'),
  UserAlreadyAcceptedInvitation: refusal<{ UserName: string }>('PasswordAlreadySet'),
  DuplicateUserEmail: refusal('DuplicateEmail'),
  DuplicateUserName: refusal<{ UserName: string }>('DuplicateUserName'),
  // A right that only means something in the platform operator's own account, granted in another.
  PlatformRightOutsidePlatform: refusal<{ Field: string; Rights: string }>('InvalidParameterValue'),
});
