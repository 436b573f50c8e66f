import type { flowErrors } from '../../calls/flows/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const flows: PhrasesFor<typeof flowErrors> = {
  SignUpClosed: () => "L'inscription est fermée sur ce serveur : demandez un compte à son administrateur.",
  EmailChangeTokenRequired: ({ Field }) => `${Field} est obligatoire lorsque vous n'êtes pas connecté.`,
  OneSecondFactorExpected: () => 'Envoyez un seul de TotpCode, RecoveryCode ou Passkey.',
  ProviderEmailUnverified: ({ Provider }) =>
    `Votre compte ${Provider} n'a pas d'adresse e-mail vérifiée : vérifiez-la chez ${Provider}, puis réessayez.`,
  ProviderUserGone: () => "Ce compte n'existe plus.",
  ProviderEmailInUse: ({ Email, Provider }) =>
    `Un compte utilise déjà ${Email}. Connectez-vous avec votre mot de passe, puis liez ${Provider} depuis les paramètres d'authentification.`,
  NoLongerSignedInAsStarter: () =>
    "Vous n'êtes plus connecté en tant que l'utilisateur qui a commencé : connectez-vous et recommencez.",
  ProviderIdentityTaken: ({ Provider }) => `Ce compte ${Provider} permet déjà de se connecter à un autre utilisateur.`,
  ProviderNoLongerOffered: ({ Provider }) => `Le fournisseur ${Provider} n'est plus proposé ici.`,
  ProviderIdentityTakenSince: ({ Provider }) =>
    `Ce compte ${Provider} permet depuis de se connecter à un autre utilisateur.`,
  ProviderIdentityNotLinked: ({ Provider }) =>
    `Ce compte ${Provider} n'est pas lié au vôtre : reconnectez-vous avec celui que vous avez lié.`,
  ProviderSkippedReauthentication: ({ Provider }) =>
    `${Provider} ne vous a pas demandé de vous reconnecter : réessayez.`,
  PasswordLinkNotValid: () => "Ce lien n'est pas valide : vérifiez que vous l'avez copié en entier.",
  InvitationAlreadyAccepted: () => 'Cette invitation a déjà été acceptée : connectez-vous.',
  OnlyRequiredFactor: () =>
    "Votre compte exige un second facteur : c'est votre seul, il reste donc. Un administrateur peut lever cette règle dans les paramètres d'authentification.",
  SignInChallengeExpired: () =>
    'Cette connexion a expiré ou est déjà terminée : reconnectez-vous avec votre mot de passe.',
  WrongSignInCode: ({ Left }) => `Ce code est erroné ou a déjà servi : encore ${Left} essais.`,
  TooManyWrongSignInCodes: () => 'Trop de codes erronés : reconnectez-vous avec votre mot de passe.',
};
