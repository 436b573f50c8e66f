import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const passwordErrors = declareErrors({
  AlreadyHasPassword: refusal('PasswordAlreadySet'),
  NoEmailForPasswordLink: refusal('InvalidParameterValue'),
  NoPasswordYet: refusal('InvalidParameterValue'),
  NewPasswordSameAsCurrent: fieldRefusal('InvalidPassword', 'NewPassword'),
  CurrentPasswordChangedMeanwhile: fieldRefusal('InvalidPassword', 'CurrentPassword'),
});
