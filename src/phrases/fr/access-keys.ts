import type { accessKeyErrors } from '../../calls/access-keys/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const accessKeys: PhrasesFor<typeof accessKeyErrors> = {
  ExpirationDateInPast: ({ Field }) => `${Field} doit être dans le futur.`,
  AccessKeyNotFound: ({ AccessKeyId }) => `La clé d'accès ${AccessKeyId} n'existe pas.`,
  TooManyAccessKeys: ({ Max }) => `Vous avez déjà ${Max} clés d'accès, le maximum : supprimez-en une d'abord.`,
};
