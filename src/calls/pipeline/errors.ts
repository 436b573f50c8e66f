import { declareErrors, fieldRefusal, refusal, type Localized } from '../../domain/errors.js';

/** What every call may be refused with before or around its handler. */
export const pipelineErrors = declareErrors({
  AccountGone: refusal('AuthenticationFailed'),
  UserDisabled: refusal('AuthenticationFailed'),
  NoSuchUser: refusal<{ UserName: string }>('NoSuchUser'),
  AddressThrottled: refusal<{ Seconds: number }>('Throttled'),
  TooManyMails: refusal<{ Count: number; Recipient: string; Minutes: number }>('Throttled'),
  NeedsRecentSignIn: refusal<{ What: Localized; Minutes: number }>('ReauthenticationRequired'),
  NeedsCurrentPasswordWithKey: refusal<{ What: Localized }>('ReauthenticationRequired'),
  NeedsSecondFactorInConsole: refusal<{ What: Localized }>('ReauthenticationRequired'),
  NeedsRecentSecondFactor: refusal<{ What: Localized; Minutes: number }>('ReauthenticationRequired'),
  WrongCurrentPassword: fieldRefusal('InvalidPassword', 'CurrentPassword'),
  NoTokenValidator: refusal('NotAuthorized'),
  SubjectRenamed: refusal<{ UserName: string }>('InvalidParameterValue'),
  IdempotencyKeyReused: refusal('IdempotencyKeyReused'),
  SignedRequestReplayed: refusal('AuthenticationFailed'),
  InputWrongType: refusal<{ Field: string; Type: Localized }>('InvalidParameterType'),
  InputUnknownParameter: refusal<{ Field: string; Call: string }>('InvalidParameter'),
  InputRequired: refusal<{ Field: string }>('InvalidParameter'),
  InputTooLong: refusal<{ Field: string; Max: number }>('InvalidParameterLength'),
  InputTooShort: refusal<{ Field: string; Min: number }>('InvalidParameterLength'),
  InputTooManyItems: refusal<{ Field: string; Max: number }>('InvalidParameterValue'),
  InputValueNotAllowed: refusal<{ Field: string }>('InvalidParameterValue'),
  InputInvalid: refusal('InvalidParameterValue'),
  InputForbiddenCharacter: refusal<{ Field: string }>('InvalidParameterValue'),
});
