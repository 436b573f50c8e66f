import type { pipelineErrors } from '../../calls/pipeline/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const pipeline: PhrasesFor<typeof pipelineErrors> = {
  AccountGone: () => "Votre compte n'existe plus.",
  UserDisabled: () => 'Cet utilisateur est désactivé : adressez-vous à un administrateur de votre compte.',
  NoSuchUser: ({ UserName }) => `Il n'y a pas d'utilisateur nommé ${JSON.stringify(UserName)} dans ce compte.`,
  AddressThrottled: ({ Seconds }) => `Trop de requêtes depuis votre adresse : réessayez dans ${Seconds} s.`,
  TooManyMails: ({ Count, Recipient, Minutes }) =>
    `${Count} mails de ce type ont été envoyés à ${Recipient} dans l'heure : utilisez le dernier, ou réessayez dans ${Minutes} min.`,
  NeedsRecentSignIn: ({ What, Minutes }) =>
    `${What} demande une connexion récente : reconnectez-vous, puis réessayez dans les ${Minutes} minutes.`,
  NeedsCurrentPasswordWithKey: ({ What }) =>
    `${What} avec une clé d'API demande CurrentPassword : une clé prouve qui la détient, pas qui vous êtes.`,
  NeedsSecondFactorInConsole: ({ What }) =>
    `${What} demande votre second facteur, qu'une clé d'API et un mot de passe ne prouvent pas : faites-le dans la console.`,
  NeedsRecentSecondFactor: ({ What, Minutes }) =>
    `${What} demande une connexion récente avec votre second facteur : confirmez avec votre application d'authentification, une clé d’accès ou un code de secours, puis réessayez dans les ${Minutes} minutes.`,
  WrongCurrentPassword: ({ Field }) => `${Field} est incorrect.`,
  NoTokenValidator: () =>
    "Aucun valideur de jetons du compte ne peut confirmer cette demande : donnez le droit TokenValidator à un utilisateur à l'e-mail confirmé.",
  SubjectRenamed: ({ UserName }) =>
    `L'utilisateur ${JSON.stringify(UserName)} pour qui cette opération a été demandée ne porte plus ce nom : rien n'a été modifié. Redemandez-la.`,
  IdempotencyKeyReused: () =>
    'Cette clé Idempotency-Key a déjà servi pour une autre requête : envoyez une nouvelle clé avec chaque nouvelle requête.',
  SignedRequestReplayed: () => 'Cette requête signée a déjà été reçue : signez chaque requête à nouveau.',
  InputWrongType: ({ Field, Type }) => `${Field} doit être ${Type}.`,
  InputUnknownParameter: ({ Field, Call }) => `${Field} n'est pas un paramètre de ${Call}.`,
  InputRequired: ({ Field }) => `${Field} est obligatoire.`,
  InputTooLong: ({ Field, Max }) => `${Field} doit faire au plus ${Max} caractères.`,
  InputTooShort: ({ Field, Min }) => `${Field} doit faire au moins ${Min} caractères.`,
  InputTooManyItems: ({ Field, Max }) => `${Field} peut contenir au plus ${Max} éléments.`,
  InputValueNotAllowed: ({ Field }) => `${Field} a une valeur non autorisée.`,
  InputInvalid: () => "La requête n'est pas valide.",
  InputForbiddenCharacter: ({ Field }) => `${Field} contient un caractère interdit (NUL ou substitut isolé).`,
};
