import { Type } from '@sinclair/typebox';
import { PersonSchema, userNames, type Person } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';

export const readAuditPeople = defineCall({
  name: 'ReadAuditPeople',
  summary:
    "The account's people as the audit log names them — UserName (the value of the ActorUserName filter), first and last name, email — so that a reader of the log picks a person by the name they know, without the right to manage users.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  // Whoever reads the trail already sees these names in it: the same right, no more.
  access: { kind: 'right', right: 'ReadAuditLog' },
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({ People: Type.Array(PersonSchema) }),
  async handler({ principal, db }) {
    const people = [...(await userNames({ db }, principal.accountId)).values()];
    // The owner first, then by name, as a list to choose from reads.
    const rank = (person: Person) => (person.UserName === 'owner' ? 0 : 1);
    return {
      People: people.sort((a, b) => rank(a) - rank(b) || a.DisplayName.localeCompare(b.DisplayName)),
    };
  },
});
