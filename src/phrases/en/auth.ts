import type { authErrors } from '../../auth/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const auth: PhrasesFor<typeof authErrors> = {
  AuthorizationHeaderMalformed: () =>
    'The Authorization header is not of the form "<algorithm> Credential=…, SignedHeaders=…, Signature=…".',
  SignatureAlgorithmUnsupported: ({ Algorithm }) =>
    `The signature algorithm ${Algorithm} is not supported: use OSC4-HMAC-SHA256 or AWS4-HMAC-SHA256.`,
  CredentialScopeMalformed: () => 'The Credential must be <access key>/<YYYYMMDD>/<region>/<service>/<terminator>.',
  CredentialDateMalformed: () => 'The Credential date must be YYYYMMDD.',
  CredentialTerminatorWrong: ({ Algorithm, Expected }) => `The Credential of ${Algorithm} must end with ${Expected}.`,
  SignedHeadersLackHost: () => 'The signed headers must include host.',
  RequestDateMissing: () => 'The request has no valid X-Osc-Date or X-Amz-Date header (YYYYMMDDTHHMMSSZ).',
  ScopeDateMismatch: () => 'The date of the Credential scope differs from the request date.',
  RequestDateSkewed: ({ Minutes }) =>
    `The request date is more than ${Minutes} minutes away from the server's clock: check your clock.`,
  SigningKeyUnknown: ({ AccessKeyId }) => `The access key ${AccessKeyId} does not exist.`,
  SigningKeyInactive: () => 'This access key is inactive.',
  SigningKeyExpired: () => 'This access key has expired.',
  SignatureMismatch: () => 'The signature does not match the request: check the secret key and what is signed.',
  SignedQueryMalformed: () =>
    'The query string holds a % that is not followed by two hexadecimal digits: such a request cannot be signed.',
  BasicCredentialsMalformed: () => 'The Basic credentials must be base64 of <email>:<password>.',
  BasicLoginIncorrect: () => 'The email address or the password is incorrect, or the address is not confirmed yet.',
  CredentialOfDisabledUser: () => 'This user is disabled: ask an administrator of the account.',
  CredentialLockedOut: ({ Seconds }) => `Too many failed attempts with this credential: try again in ${Seconds} s.`,
  SignInThrottled: ({ Seconds }) => `Too many failed sign-ins: try again in ${Seconds} s.`,
  EmailLinkInvalid: () => 'This link is not valid: check that you copied it whole.',
  EmailLinkReplaced: () => 'A newer link replaced this one: use the link in the latest mail.',
  EmailLinkWithdrawn: () => 'This link no longer works: what it was sent for has changed since.',
  EmailLinkAlreadyUsed: () => 'This link has already been used.',
  EmailLinkExpired: () => 'This link has expired: ask for a new one.',
};
