import { Type } from '@sinclair/typebox';
import { NoInput } from '../pipeline/call-parts.js';
import { defineCall } from '../pipeline/registry.js';

export const readRights = defineCall({
  name: 'ReadRights',
  summary: 'The rights users may hold on this platform, each with a description in English and French.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'read',
  input: NoInput,
  output: Type.Object({
    Rights: Type.Array(
      Type.Object({ Name: Type.String(), Description: Type.Object({ en: Type.String(), fr: Type.String() }) }),
    ),
  }),
  async handler({ services }) {
    return Promise.resolve({
      Rights: services.config.rights
        .list()
        .map((right) => ({ Name: right.name, Description: { ...right.description } })),
    });
  },
});
