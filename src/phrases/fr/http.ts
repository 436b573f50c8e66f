import type { httpErrors } from '../../http/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const http: PhrasesFor<typeof httpErrors> = {
  BodyNotUtf8: () => "Le corps de la requête n'est pas de l'UTF-8 valide.",
  BodyHasPrototypeKeys: () => 'Le corps de la requête ne doit pas contenir de clés __proto__ ou constructor.prototype.',
  BodyNotJson: () => "Le corps de la requête n'est pas du JSON valide.",
  BodyNotObject: () => 'Le corps de la requête doit être un objet JSON, par exemple {}.',
  BodyNotJsonUtf8: () =>
    'Le corps de la requête doit être du JSON en UTF-8, envoyé avec Content-Type: application/json.',
  BodyNotJsonMediaType: () => 'Le corps de la requête doit être du JSON, envoyé avec Content-Type: application/json.',
  BodyTooLarge: () => 'Le corps de la requête est trop grand.',
  MalformedRequest: () => 'La requête est mal formée.',
  MalformedIdempotencyKey: ({ Max }) =>
    `L'en-tête Idempotency-Key doit compter de 1 à ${Max} caractères visibles, comme un UUID.`,
  SignInOrSign: () => "Connectez-vous, ou signez la requête avec une clé d'API.",
  NotSignedIn: () => "Vous n'êtes pas connecté, ou votre session a pris fin : reconnectez-vous.",
  BasicNotAccepted: ({ Call }) =>
    `${Call} n'accepte pas d'identifiant et de mot de passe : signez la requête avec une clé d'API.`,
  UnknownAuthorizationType: () => "L'en-tête Authorization est d'un type que ce serveur ne connaît pas.",
  AccessKeyNotAccepted: ({ Call }) => `${Call} ne peut pas être appelé avec une clé d'API.`,
  SessionNotAccepted: ({ Call }) =>
    `${Call} doit être signé avec une clé d'API : une session de la console ne peut pas l'appeler.`,
  CrossSiteRequest: () => 'Les requêtes envoyées par un autre site web sont refusées.',
  SecondFactorRequired: () =>
    "Votre compte exige la validation en deux étapes : configurez d'abord une application d'authentification dans les paramètres d'authentification.",
  MustBePost: ({ Call }) => `${Call} doit être appelé avec POST.`,
  UnknownCall: ({ Name }) => `Il n'existe pas d'appel nommé ${JSON.stringify(Name)}.`,
  NoSuchPath: ({ Path }) => `Rien n'est servi à l'adresse ${JSON.stringify(Path)}.`,
  DatabaseBusy: () =>
    "D'autres requêtes modifiaient les mêmes données au même moment, et rien n'a été modifié : réessayez.",
  DatabaseUnavailable: () =>
    'Le service ne joint pas sa base de données pour un instant : réessayez dans quelques secondes.',
  Internal: () => 'Une erreur est survenue de notre côté ; réessayez plus tard.',
};
