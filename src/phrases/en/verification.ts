import type { verificationErrors } from '../../calls/verification/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const verification: PhrasesFor<typeof verificationErrors> = {
  VerifiedBodyMissing: () => 'Send the body the service received, as Body (base64) or BodySha256 (its SHA-256 in hex).',
  VerifiedBodyTwice: () => 'Send the body as Body or as BodySha256, not both.',
  VerifiedBodyNotBase64: () => 'Body must be the received body in base64.',
  VerifiedHeaderMalformed: ({ Name }) =>
    `The header ${Name} is not a valid HTTP header: a name of letters, digits and !#$%&'*+.^_\`|~-, a value on one line.`,
  VerifiedSourceIpMalformed: () =>
    "SourceIp must be the customer's IP address, IPv4 (203.0.113.7) or IPv6 (2001:db8::7).",
  VerifiedRequestUnsigned: () =>
    'This request is not signed: sign it with your access key (Authorization: OSC4-HMAC-SHA256 or AWS4-HMAC-SHA256).',
  VerifiedRequestSignedTwice: () => 'This request carries more than one Authorization header: send one.',
};
