import type { passwordErrors } from '../../calls/password/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const password: PhrasesFor<typeof passwordErrors> = {
  AlreadyHasPassword: () => 'Vous avez déjà un mot de passe : modifiez-le plutôt.',
  NoEmailForPasswordLink: () => "Vous n'avez pas d'adresse e-mail où envoyer le lien.",
  NoPasswordYet: () => "Votre compte n'a pas encore de mot de passe : ajoutez-en un avec « Ajouter un mot de passe ».",
  NewPasswordSameAsCurrent: ({ Field }) => `${Field} doit être différent du mot de passe actuel.`,
  CurrentPasswordChangedMeanwhile: ({ Field }) => `${Field} n'est plus votre mot de passe : il vient d'être changé.`,
};
