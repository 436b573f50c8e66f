import type { secondFactorErrors } from '../../calls/second-factors/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const secondFactors: PhrasesFor<typeof secondFactorErrors> = {
  PasskeyAnswerUnverifiable: () =>
    'La réponse du navigateur n’a pas pu être vérifiée : ajoutez de nouveau la clé d’accès.',
  PasskeyNotVerified: () => 'La clé d’accès n’a pas été vérifiée.',
  PasskeyAlreadyRegistered: () => 'Cette clé d’accès est déjà enregistrée.',
  PasskeyNotFound: () => 'Vous n’avez pas cette clé d’accès.',
  PasskeySignInRefused: () => 'Cette clé d’accès ne connecte pas ici, ou la connexion a expiré : réessayez.',
  NoSecondFactorToProve: () =>
    "Vous n'avez pas de second facteur : prouvez qui vous êtes avec votre mot de passe (CurrentPassword) ou en vous reconnectant.",
  WrongSecondFactorCode: () => 'Ce code est erroné ou a déjà servi.',
  TotpAlreadyOn: () =>
    "Une application d'authentification est déjà active : retirez-la (DeleteTotp) avant d'en ajouter une autre.",
  NoTotpBeingAdded: () => "Aucune application d'authentification n'est en cours d'ajout : commencez par CreateTotp.",
  WrongTotpConfirmationCode: () =>
    "Ce code n'est pas celui que montre l'application : vérifiez l'heure de votre téléphone, et retapez les six chiffres.",
  TotpNotOn: () => "Aucune application d'authentification n'est active.",
  RecoveryCodesNeedSecondFactor: () =>
    "Les codes de secours accompagnent un second facteur : ajoutez d'abord une application d'authentification.",
};
