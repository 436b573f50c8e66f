import { declareErrors, refusal } from '../domain/errors.js';

/** What the HTTP layer refuses before a call runs, and the answers it gives when the service cannot. */
export const httpErrors = declareErrors({
  BodyNotUtf8: refusal('InvalidParameterValue'),
  BodyHasPrototypeKeys: refusal('InvalidParameterValue'),
  BodyNotJson: refusal('InvalidParameterValue'),
  BodyNotObject: refusal('InvalidParameterValue'),
  BodyNotJsonUtf8: refusal('UnsupportedMediaType'),
  BodyNotJsonMediaType: refusal('UnsupportedMediaType'),
  BodyTooLarge: refusal('BodyTooLarge'),
  MalformedRequest: refusal('InvalidParameterValue'),
  MalformedIdempotencyKey: refusal<{ Max: number }>('InvalidParameterValue'),
  SignInOrSign: refusal('AuthenticationFailed'),
  NotSignedIn: refusal('AuthenticationFailed'),
  BasicNotAccepted: refusal<{ Call: string }>('BasicNotAllowed'),
  UnknownAuthorizationType: refusal('UnknownAuthorizationType'),
  AccessKeyNotAccepted: refusal<{ Call: string }>('WrongAuthenticationMethod'),
  SessionNotAccepted: refusal<{ Call: string }>('WrongAuthenticationMethod'),
  CrossSiteRequest: refusal('NotAuthorized'),
  SecondFactorRequired: refusal('SecondFactorRequired'),
  MustBePost: refusal<{ Call: string }>('MethodNotAllowed'),
  UnknownCall: refusal<{ Name: string }>('UnknownCall'),
  NoSuchPath: refusal<{ Path: string }>('NoSuchResource'),
  DatabaseBusy: refusal('DatabaseBusy'),
  DatabaseUnavailable: refusal('DatabaseUnavailable'),
  Internal: refusal('Internal'),
});
