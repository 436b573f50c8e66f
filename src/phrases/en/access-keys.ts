import type { accessKeyErrors } from '../../calls/access-keys/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const accessKeys: PhrasesFor<typeof accessKeyErrors> = {
  ExpirationDateInPast: ({ Field }) => `${Field} must be in the future.`,
  AccessKeyNotFound: ({ AccessKeyId }) => `The access key ${AccessKeyId} does not exist.`,
  TooManyAccessKeys: ({ Max }) => `You already have ${Max} access keys, the most allowed: delete one first.`,
};
