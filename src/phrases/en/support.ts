import type { supportErrors } from '../../calls/support/errors.js';
import type { PhrasesFor } from '../phrases-for.js';

export const support: PhrasesFor<typeof supportErrors> = {
  NotASupportCode: ({ Left }) => `This is not a support code: ask the customer for a new one (${Left} tries left).`,
  SupportCodeExpired: ({ Left }) =>
    `This support code has expired: ask the customer for a new one (${Left} tries left).`,
  SupportCodeAlreadyChecked: ({ Left }) =>
    `This support code was already checked: ask the customer for a new one (${Left} tries left).`,
  TooManyWrongSupportCodes: ({ Minutes }) => `Too many wrong support codes: try again in ${Minutes} minutes.`,
};
