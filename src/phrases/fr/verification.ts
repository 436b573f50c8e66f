import type { verificationErrors } from '../../calls/verification/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const verification: PhrasesFor<typeof verificationErrors> = {
  VerifiedBodyMissing: () =>
    'Envoyez le corps reçu par le service, en Body (base64) ou en BodySha256 (son SHA-256 en hexadécimal).',
  VerifiedBodyTwice: () => 'Envoyez le corps en Body ou en BodySha256, pas les deux.',
  VerifiedBodyNotBase64: () => 'Body doit être le corps reçu, en base64.',
  VerifiedHeaderMalformed: ({ Name }) =>
    `L'en-tête ${Name} n'est pas un en-tête HTTP valide : un nom de lettres, chiffres et !#$%&'*+.^_\`|~-, une valeur sur une ligne.`,
  VerifiedSourceIpMalformed: () =>
    "SourceIp doit être l'adresse IP du client, IPv4 (203.0.113.7) ou IPv6 (2001:db8::7).",
  VerifiedRequestUnsigned: () =>
    "Cette requête n'est pas signée : signez-la avec votre clé d'accès (Authorization: OSC4-HMAC-SHA256 ou AWS4-HMAC-SHA256).",
  VerifiedRequestSignedTwice: () => 'Cette requête porte plus d’un en-tête Authorization : envoyez-en un seul.',
};
