import type { userErrors } from '../../calls/users/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const users: PhrasesFor<typeof userErrors> = {
  CannotDeleteYourself: () =>
    'Vous ne pouvez pas vous supprimer vous-même : demandez-le à un autre gestionnaire des utilisateurs.',
  CannotDisableYourself: () =>
    'Vous ne pouvez pas vous désactiver vous-même : demandez-le à un autre gestionnaire des utilisateurs.',
  UserHasActiveAccessKeys: ({ UserName, Count }) =>
    `${UserName} a encore ${Count} clé${Count > 1 ? 's' : ''} d'accès active${Count > 1 ? 's' : ''} : désactivez-${Count > 1 ? 'les' : 'la'} ou supprimez-${Count > 1 ? 'les' : 'la'} d'abord (UpdateAccessKey avec State INACTIVE).`,
  OwnerDetailsAreTheAccounts: () =>
    'Les noms, le téléphone et l’e-mail du propriétaire sont ceux du compte : modifiez-les avec UpdateAccount.',
  NoEmailToInvite: ({ UserName }) => `${UserName} n'a pas d'adresse e-mail à inviter : indiquez-en une d'abord.`,
  UserAlreadyAcceptedInvitation: ({ UserName }) => `${UserName} a déjà accepté l'invitation et choisi un mot de passe.`,
  DuplicateUserEmail: () => "Cette adresse e-mail est déjà l'identifiant d'un autre utilisateur.",
  DuplicateUserName: ({ UserName }) =>
    `Il existe déjà un utilisateur nommé ${JSON.stringify(UserName)} dans ce compte.`,
  PlatformRightOutsidePlatform: ({ Field, Rights }) =>
    `${Field} : ${Rights} ne peut être détenu que par les utilisateurs du compte de l'opérateur de la plateforme, pas dans ce compte.`,
};
