import { Type } from '@sinclair/typebox';
import { PASSWORD_MAX_LENGTH } from '../../domain/password-policy.js';
import { checkInvitation } from '../flows/password-from-link.js';
import { type LinkCheck, passwordLinkHolder } from '../flows/password-from-link.js';
import { NoInput } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';

const LINKS = { 'reset-password': undefined, invitation: checkInvitation } satisfies Record<
  string,
  LinkCheck | undefined
>;

export const readPasswordLink = defineCall({
  name: 'ReadPasswordLink',
  summary:
    'Says whether a mailed reset or invitation link still works, without spending it: a page opened from an old link says so before a password is typed.',
  origin: 'tessera',
  auth: ['none', 'session'],
  access: { kind: 'anyone' },
  effect: 'read',
  input: Type.Object(
    {
      Token: Type.String({ maxLength: 128, description: 'The token of the link.' }),
      Purpose: Type.Union([Type.Literal('reset-password'), Type.Literal('invitation')]),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({}),
  async handler({ input, services }) {
    await passwordLinkHolder(services, input.Token, input.Purpose, LINKS[input.Purpose]);
    return {};
  },
});

export const readPasswordPolicy = defineCall({
  name: 'ReadPasswordPolicy',
  summary: 'The rule a new password follows, to show it before one is typed.',
  origin: 'tessera',
  auth: ['none', 'session', 'signature'],
  access: { kind: 'anyone' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    MinLength: Type.Integer({ description: 'The fewest characters a password may have.' }),
    MaxLength: Type.Integer(),
  }),
  handler: ({ services }) =>
    Promise.resolve({ MinLength: services.config.passwordMinLength, MaxLength: PASSWORD_MAX_LENGTH }),
});
