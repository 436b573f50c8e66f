import { declareErrors, refusal } from '../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const authErrors = declareErrors({
  // Signed requests (request-signature.ts, credential-verifier.ts).
  AuthorizationHeaderMalformed: refusal('AuthenticationFailed'),
  SignatureAlgorithmUnsupported: refusal<{ Algorithm: string }>('UnknownAuthorizationType'),
  CredentialScopeMalformed: refusal('AuthenticationFailed'),
  CredentialDateMalformed: refusal('AuthenticationFailed'),
  CredentialTerminatorWrong: refusal<{ Algorithm: string; Expected: string }>('AuthenticationFailed'),
  SignedHeadersLackHost: refusal('AuthenticationFailed'),
  RequestDateMissing: refusal('AuthenticationFailed'),
  ScopeDateMismatch: refusal('AuthenticationFailed'),
  RequestDateSkewed: refusal<{ Minutes: number }>('AuthenticationFailed'),
  SigningKeyUnknown: refusal<{ AccessKeyId: string }>('UnknownAccessKey'),
  SigningKeyInactive: refusal('AuthenticationFailed'),
  SigningKeyExpired: refusal('AuthenticationFailed'),
  SignatureMismatch: refusal('AuthenticationFailed'),
  SignedQueryMalformed: refusal('AuthenticationFailed'),
  // Login and password (Basic).
  BasicCredentialsMalformed: refusal('AuthenticationFailed'),
  BasicLoginIncorrect: refusal('AuthenticationFailed'),
  // Either credential.
  CredentialOfDisabledUser: refusal('AuthenticationFailed'),
  CredentialLockedOut: refusal<{ Seconds: number }>('LockedOut'),
  // Console sign-in (sign-in-guard.ts).
  SignInThrottled: refusal<{ Seconds: number }>('Throttled'),
  // Links sent by email (email-tokens.ts).
  EmailLinkInvalid: refusal('InvalidParameterValue'),
  EmailLinkReplaced: refusal('InvalidParameterValue'),
  EmailLinkWithdrawn: refusal('InvalidParameterValue'),
  EmailLinkAlreadyUsed: refusal('InvalidParameterValue'),
  EmailLinkExpired: refusal('InvalidParameterValue'),
});
