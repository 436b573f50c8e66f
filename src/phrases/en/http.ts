import type { httpErrors } from '../../http/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const http: PhrasesFor<typeof httpErrors> = {
  BodyNotUtf8: () => 'The request body is not valid UTF-8.',
  BodyHasPrototypeKeys: () => 'The request body must not contain __proto__ or constructor.prototype keys.',
  BodyNotJson: () => 'The request body is not valid JSON.',
  BodyNotObject: () => 'The request body must be a JSON object, such as {}.',
  BodyNotJsonUtf8: () => 'The request body must be JSON in UTF-8, sent with Content-Type: application/json.',
  BodyNotJsonMediaType: () => 'The request body must be JSON, sent with Content-Type: application/json.',
  BodyTooLarge: () => 'The request body is too large.',
  MalformedRequest: () => 'The request is malformed.',
  MalformedIdempotencyKey: ({ Max }) =>
    `The Idempotency-Key header must be 1 to ${Max} visible characters, such as a UUID.`,
  SignInOrSign: () => 'Sign in, or sign the request with an access key.',
  NotSignedIn: () => 'You are not signed in, or your session has ended: sign in again.',
  BasicNotAccepted: ({ Call }) => `${Call} does not accept login and password: sign the request with an access key.`,
  UnknownAuthorizationType: () => 'The Authorization header has a type this server does not know.',
  AccessKeyNotAccepted: ({ Call }) => `${Call} cannot be called with an access key.`,
  SessionNotAccepted: ({ Call }) => `${Call} must be signed with an access key: a console session cannot call it.`,
  CrossSiteRequest: () => 'Requests sent by another web site are refused.',
  SecondFactorRequired: () =>
    'Your account requires two-step verification: set up an authenticator app in the authentication settings first.',
  MustBePost: ({ Call }) => `${Call} must be called with POST.`,
  UnknownCall: ({ Name }) => `There is no call named ${JSON.stringify(Name)}.`,
  NoSuchPath: ({ Path }) => `Nothing is served at ${JSON.stringify(Path)}.`,
  DatabaseBusy: () =>
    'Other requests were changing the same data at the same moment, and nothing was changed: try again.',
  DatabaseUnavailable: () => 'The service cannot reach its database for a moment: try again in a few seconds.',
  Internal: () => 'Something went wrong on our side; try again later.',
};
