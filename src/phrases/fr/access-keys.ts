import type { accessKeyErrors } from '../../calls/access-keys/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const accessKeys: PhrasesFor<typeof accessKeyErrors> = {
  ExpirationDateInPast: ({ Field }) => `${Field} doit être dans le futur.`,
  AccessKeyNotFound: ({ AccessKeyId }) => `La clé d'API ${AccessKeyId} n'existe pas.`,
  TooManyAccessKeys: ({ Max }) => `Vous avez déjà ${Max} clés d'API, le maximum : supprimez-en une d'abord.`,
};
