import { declareErrors, fieldRefusal, refusal } from '../../domain/errors.js';

/** What this capability refuses, and why: the sentences are in src/phrases/. */
export const verificationErrors = declareErrors({
  // The platform service's own input (400 to the service).
  VerifiedBodyMissing: fieldRefusal('InvalidParameter', 'BodySha256'),
  VerifiedBodyTwice: fieldRefusal('InvalidParameter', 'Body'),
  VerifiedBodyNotBase64: fieldRefusal('InvalidParameterValue', 'Body'),
  VerifiedHeaderMalformed: fieldRefusal<{ Name: string }>('InvalidParameterValue', 'Headers'),
  VerifiedSourceIpMalformed: fieldRefusal('InvalidParameterValue', 'SourceIp'),
  // The customer's request (relayed to the customer in VerifyRequest's Refusal).
  VerifiedRequestUnsigned: refusal('AuthenticationFailed'),
  VerifiedRequestSignedTwice: refusal('AuthenticationFailed'),
});
