import type { supportErrors } from '../../calls/support/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const support: PhrasesFor<typeof supportErrors> = {
  NotASupportCode: ({ Left }) =>
    `Ce n'est pas un code d'assistance : demandez-en un nouveau au client (encore ${Left} essais).`,
  SupportCodeExpired: ({ Left }) =>
    `Ce code d'assistance a expiré : demandez-en un nouveau au client (encore ${Left} essais).`,
  SupportCodeAlreadyChecked: ({ Left }) =>
    `Ce code d'assistance a déjà été vérifié : demandez-en un nouveau au client (encore ${Left} essais).`,
  TooManyWrongSupportCodes: ({ Minutes }) => `Trop de codes d'assistance erronés : réessayez dans ${Minutes} minutes.`,
};
