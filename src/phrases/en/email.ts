import type { emailErrors } from '../../calls/email/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const email: PhrasesFor<typeof emailErrors> = {
  EmailLinkNoLongerValid: () => 'This link is for an address that is no longer the account’s.',
  EmailAddressTaken: () => 'This address can no longer be used: choose another one.',
  NoEmailToConfirm: () => 'You have no email address to confirm.',
  EmailAlreadyConfirmed: () => 'Your email address is already confirmed.',
};
