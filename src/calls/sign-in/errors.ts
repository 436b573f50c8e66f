import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const signInErrors = declareErrors({
  WrongEmailOrPassword: refusal('AuthenticationFailed'),
  SessionNotFound: refusal<{ SessionId: string }>('NoSuchSession'),
  ProviderNotLinked: refusal<{ ProviderName: string }>('NoSuchResource'),
  OnlyWayToSignIn: refusal<{ ProviderName: string }>('InvalidParameterValue'),
  UnknownProvider: fieldRefusal<{ Id: string }>('InvalidParameterValue', 'Provider'),
  SignInFirstToLink: refusal('AuthenticationFailed'),
  ProviderUnreachable: refusal<{ ProviderName: string }>('ProviderUnavailable'),
  ExternalSignInUnknown: refusal('InvalidParameterValue'),
  ExternalSignInOtherBrowser: refusal('InvalidParameterValue'),
  ProviderDidNotSignIn: refusal<{ ProviderName: string }>('InvalidParameterValue'),
  ProviderAnswerUnverified: refusal<{ ProviderName: string }>('AuthenticationFailed'),
});
