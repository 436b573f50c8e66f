import type { emailErrors } from '../../calls/email/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const email: PhrasesFor<typeof emailErrors> = {
  EmailLinkNoLongerValid: () => "Ce lien concerne une adresse qui n'est plus celle du compte.",
  EmailAddressTaken: () => 'Cette adresse ne peut plus être utilisée : choisissez-en une autre.',
  NoEmailToConfirm: () => "Vous n'avez pas d'adresse e-mail à confirmer.",
  EmailAlreadyConfirmed: () => 'Votre adresse e-mail est déjà confirmée.',
};
