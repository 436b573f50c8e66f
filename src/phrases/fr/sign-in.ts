import type { signInErrors } from '../../calls/sign-in/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const signIn: PhrasesFor<typeof signInErrors> = {
  WrongEmailOrPassword: () =>
    "L'adresse e-mail ou le mot de passe est incorrect, ou l'adresse n'est pas encore confirmée : suivez le lien qui lui a été envoyé.",
  SessionNotFound: ({ SessionId }) => `Vous n'avez pas de session ${SessionId}.`,
  ProviderNotLinked: ({ ProviderName }) => `${ProviderName} n'est pas lié à votre compte.`,
  OnlyWayToSignIn: ({ ProviderName }) =>
    `${ProviderName} est votre seul moyen de connexion : ajoutez d'abord un mot de passe ou liez un autre fournisseur.`,
  UnknownProvider: ({ Field, Id }) =>
    `${Field} : ${JSON.stringify(Id)} n'est pas un fournisseur de connexion de ce serveur.`,
  SignInFirstToLink: () => "Connectez-vous d'abord : lier un compte ou se réauthentifier demande d'être connecté.",
  ProviderUnreachable: ({ ProviderName }) =>
    `${ProviderName} est injoignable pour le moment : réessayez dans un instant.`,
  ExternalSignInUnknown: () => 'Cette connexion est inconnue, déjà utilisée ou expirée. Recommencez la connexion.',
  ExternalSignInOtherBrowser: () =>
    'Cette connexion a été commencée dans un autre navigateur. Recommencez la connexion.',
  ProviderDidNotSignIn: ({ ProviderName }) => `${ProviderName} ne vous a pas connecté. Recommencez la connexion.`,
  ProviderAnswerUnverified: ({ ProviderName }) =>
    `La réponse de ${ProviderName} n'a pas pu être vérifiée. Recommencez la connexion.`,
};
