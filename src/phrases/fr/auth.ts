import type { authErrors } from '../../auth/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const auth: PhrasesFor<typeof authErrors> = {
  AuthorizationHeaderMalformed: () =>
    "L'en-tête Authorization n'est pas de la forme « <algorithme> Credential=…, SignedHeaders=…, Signature=… ».",
  SignatureAlgorithmUnsupported: ({ Algorithm }) =>
    `L'algorithme de signature ${Algorithm} n'est pas pris en charge : utilisez OSC4-HMAC-SHA256 ou AWS4-HMAC-SHA256.`,
  CredentialScopeMalformed: () => "Le Credential doit être <clé d'API>/<AAAAMMJJ>/<région>/<service>/<terminaison>.",
  CredentialDateMalformed: () => 'La date du Credential doit être AAAAMMJJ.',
  CredentialTerminatorWrong: ({ Algorithm, Expected }) => `Le Credential de ${Algorithm} doit finir par ${Expected}.`,
  SignedHeadersLackHost: () => 'Les en-têtes signés doivent inclure host.',
  RequestDateMissing: () => "La requête n'a pas d'en-tête X-Osc-Date ou X-Amz-Date valide (AAAAMMJJTHHMMSSZ).",
  ScopeDateMismatch: () => 'La date de la portée (Credential) diffère de la date de la requête.',
  RequestDateSkewed: ({ Minutes }) =>
    `La date de la requête est à plus de ${Minutes} minutes de l'horloge du serveur : vérifiez votre horloge.`,
  SigningKeyUnknown: ({ AccessKeyId }) => `La clé d'API ${AccessKeyId} n'existe pas.`,
  SigningKeyInactive: () => "Cette clé d'API est désactivée.",
  SigningKeyExpired: () => "Cette clé d'API a expiré.",
  SignatureMismatch: () => 'La signature ne correspond pas à la requête : vérifiez la clé secrète et ce qui est signé.',
  SignedQueryMalformed: () =>
    "La chaîne de requête contient un % qui n'est pas suivi de deux chiffres hexadécimaux : une telle requête ne peut pas être signée.",
  BasicCredentialsMalformed: () => 'Les identifiants Basic doivent être le base64 de <e-mail>:<mot de passe>.',
  BasicLoginIncorrect: () =>
    "L'adresse e-mail ou le mot de passe est incorrect, ou l'adresse n'est pas encore confirmée.",
  CredentialOfDisabledUser: () => 'Cet utilisateur est désactivé : adressez-vous à un administrateur du compte.',
  CredentialLockedOut: ({ Seconds }) => `Trop d'échecs avec cet identifiant : réessayez dans ${Seconds} s.`,
  SignInThrottled: ({ Seconds }) => `Trop d'échecs de connexion : réessayez dans ${Seconds} s.`,
  EmailLinkInvalid: () => "Ce lien n'est pas valide : vérifiez que vous l'avez copié en entier.",
  EmailLinkReplaced: () => 'Un lien plus récent a remplacé celui-ci : utilisez le lien du dernier e-mail.',
  EmailLinkWithdrawn: () => 'Ce lien ne fonctionne plus : ce pour quoi il a été envoyé a changé depuis.',
  EmailLinkAlreadyUsed: () => 'Ce lien a déjà été utilisé.',
  EmailLinkExpired: () => 'Ce lien a expiré : demandez-en un nouveau.',
};
