import { Type } from '@sinclair/typebox';
import type { Kysely, Transaction } from 'kysely';
import type { Access } from '../../domain/authorization.js';
import { formatOapiDate, parseOapiDate } from '../../domain/oapi-dates.js';
import { changesOf, diffChanges } from '../../domain/operations.js';
import { cleanText } from '../../domain/text.js';
import {
  countAccessKeys,
  deleteAccessKeyRow,
  findUserAccessKey,
  insertAccessKey,
  listAccessKeys,
  updateAccessKeyRow,
  type AccessKeyRow,
} from '../../store/access-keys.js';
import { randomUpperAlnum } from '../../store/ids.js';
import type { Database } from '../../store/schema.js';
import { userRef } from '../flows/account-event-data.js';
import { DryRun } from '../pipeline/call-parts.js';
import { defineCall, type SubjectSpec } from '../pipeline/registry.js';
import { accessKeyErrors } from './errors.js';

/** OAPI's per-user limit on access keys. */
const MAX_ACCESS_KEYS = 10;

const AUTH = ['session', 'signature', 'basic'] as const;
// Everyone manages their own keys; another user's need ManageUsers (OAPI's UserName).
const ACCESS: Access = { kind: 'right-for-others', right: 'ManageUsers' };
// Whose keys: the caller's own, or those of the user UserName names, whom the caller may manage.
const KEY_HOLDER = { field: 'UserName', lock: true } as const satisfies SubjectSpec;
const UserName = Type.Optional(
  Type.String({ maxLength: 64, description: 'The EIM user whose keys these are; omitted, the caller.' }),
);
const AccessKeyId = Type.String({ maxLength: 64, description: 'The ID of the access key.' });
const ExpirationDate = Type.String({
  maxLength: 64,
  description: 'ISO 8601 date or date-time after which the key stops working.',
});
const Tag = Type.String({ maxLength: 255, description: 'A free label for the key.' });

/** A tag is free text that people read in the console: the profile fields' rule applies. */
function cleanTag(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : cleanText('Tag', tag, { max: 255, required: false });
}

const AccessKeyFields = {
  AccessKeyId: Type.String(),
  CreationDate: Type.String(),
  ExpirationDate: Type.Optional(Type.String()),
  LastModificationDate: Type.String(),
  LastUsedDate: Type.Optional(
    Type.String({ description: "Tessera's own: when the key last signed a request, to the minute." }),
  ),
  State: Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]),
  Tag: Type.Optional(Type.String()),
  VerifiedRequestCount: Type.Optional(
    Type.Integer({
      description:
        "Tessera's own: how many requests signed with the key the platform's other services had Tessera verify (VerifyRequest), counted within a minute.",
    }),
  ),
};
export const AccessKey = Type.Object(AccessKeyFields, { additionalProperties: false });
const AccessKeySecretKey = Type.Object(
  { ...AccessKeyFields, SecretKey: Type.String({ description: 'Returned only when the key is created.' }) },
  { additionalProperties: false },
);

function accessKeyOutput(row: AccessKeyRow) {
  return {
    AccessKeyId: row.access_key_id,
    CreationDate: formatOapiDate(row.created_at),
    ...(row.expires_at !== null ? { ExpirationDate: formatOapiDate(row.expires_at) } : {}),
    LastModificationDate: formatOapiDate(row.updated_at),
    ...(row.last_used_at !== null ? { LastUsedDate: formatOapiDate(row.last_used_at) } : {}),
    State: row.state,
    ...(row.tag !== null ? { Tag: row.tag } : {}),
    ...(row.verified_requests > 0 ? { VerifiedRequestCount: Number(row.verified_requests) } : {}),
  };
}

function futureExpiration(value: string, now: number): number {
  const time = parseOapiDate('ExpirationDate', value);
  if (time <= now) throw accessKeyErrors.ExpirationDateInPast();
  return time;
}

async function heldKey(
  userId: string,
  accessKeyId: string,
  db: Kysely<Database> | Transaction<Database>,
): Promise<AccessKeyRow> {
  const row = await findUserAccessKey(db, userId, accessKeyId);
  if (!row) throw accessKeyErrors.AccessKeyNotFound({ AccessKeyId: accessKeyId });
  return row;
}

export const createAccessKey = defineCall({
  name: 'CreateAccessKey',
  summary: 'Creates an access key for the caller. Its secret key is returned now and never again.',
  origin: 'oapi',
  auth: AUTH,
  access: ACCESS,
  sensitive: {},
  resultForRequester: true,
  effect: 'write',
  // Never the secret key.
  events: {
    emits: ['access-key.created'],
    of: ({ subject, output: { AccessKey: key } }) => [
      {
        type: 'access-key.created',
        data: {
          AccessKeyId: key.AccessKeyId,
          ...(subject ? userRef(subject) : {}),
          State: key.State,
          ...(key.ExpirationDate ? { ExpirationDate: key.ExpirationDate } : {}),
        },
      },
    ],
  },
  subject: KEY_HOLDER,
  input: Type.Object(
    { DryRun, ExpirationDate: Type.Optional(ExpirationDate), Tag: Type.Optional(Tag), UserName },
    { additionalProperties: false },
  ),
  output: Type.Object({ AccessKey: AccessKeySecretKey }),
  async handler({ input, principal, services, subject, tx, event }) {
    const userId = subject.user_id;
    const now = services.now();
    const expiresAt = input.ExpirationDate === undefined ? null : futureExpiration(input.ExpirationDate, now);
    if ((await countAccessKeys(tx.db, userId)) >= MAX_ACCESS_KEYS) {
      throw accessKeyErrors.TooManyAccessKeys({ Max: MAX_ACCESS_KEYS });
    }
    const accessKeyId = randomUpperAlnum(20);
    // 40 upper-case letters and digits, as OAPI's secrets: 206 bits.
    const secretKey = randomUpperAlnum(40);
    const row: AccessKeyRow = {
      access_key_id: accessKeyId,
      user_id: userId,
      account_id: principal.accountId,
      secret_sealed: services.secrets.seal(secretKey, accessKeyId),
      state: 'ACTIVE',
      tag: cleanTag(input.Tag) ?? null,
      expires_at: expiresAt,
      last_used_at: null,
      verified_requests: 0,
      created_at: now,
      updated_at: now,
    };
    if (!input.DryRun) await insertAccessKey(tx.db, row);
    // The trail names the key it made (never its secret).
    event.changes = [...changesOf(input), { Field: 'AccessKeyId', NewValue: accessKeyId }];
    return { AccessKey: { ...accessKeyOutput(row), SecretKey: input.DryRun ? '' : secretKey } };
  },
});

export const readAccessKeys = defineCall({
  name: 'ReadAccessKeys',
  summary: "Lists the caller's access keys (never their secrets).",
  origin: 'oapi',
  auth: AUTH,
  access: ACCESS,
  effect: 'read',
  subject: KEY_HOLDER,
  input: Type.Object(
    {
      DryRun,
      Filters: Type.Optional(
        Type.Object(
          {
            AccessKeyIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
            States: Type.Optional(
              Type.Array(Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]), { maxItems: 2 }),
            ),
          },
          { additionalProperties: false },
        ),
      ),
      Tag: Type.Optional(Tag),
      UserName,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ AccessKeys: Type.Array(AccessKey) }),
  async handler({ input, subject, db }) {
    const { AccessKeyIds: ids, States: states } = input.Filters ?? {};
    const rows = (await listAccessKeys(db, subject.user_id)).filter(
      (row) =>
        (!ids || ids.includes(row.access_key_id)) &&
        (!states || states.includes(row.state)) &&
        (input.Tag === undefined || row.tag === input.Tag),
    );
    return { AccessKeys: rows.map(accessKeyOutput) };
  },
});

export const updateAccessKey = defineCall({
  name: 'UpdateAccessKey',
  summary:
    'Changes the state, expiration date or tag of an access key. As in OAPI, an omitted ExpirationDate removes the expiry.',
  origin: 'oapi',
  auth: AUTH,
  access: ACCESS,
  effect: 'write',
  // Its state only: a tag or an expiry date changes nothing the platform acts on.
  events: {
    emits: ['access-key.deactivated', 'access-key.activated'],
    of: ({ subject, input, changes }) => {
      const state = changes.find((change) => change.Field === 'State');
      if (!state) return [];
      const type = state.NewValue === 'INACTIVE' ? 'access-key.deactivated' : 'access-key.activated';
      return [{ type, data: { AccessKeyId: input.AccessKeyId, ...(subject ? userRef(subject) : {}) } }];
    },
  },
  subject: KEY_HOLDER,
  input: Type.Object(
    {
      AccessKeyId,
      ClearExpirationDate: Type.Optional(
        Type.Boolean({ description: 'If true, the key never expires; ExpirationDate is ignored.' }),
      ),
      ClearTag: Type.Optional(Type.Boolean({ description: 'If true, the tag is removed; Tag is ignored.' })),
      DryRun,
      ExpirationDate: Type.Optional(ExpirationDate),
      State: Type.Optional(
        Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')], { description: 'ACTIVE or INACTIVE.' }),
      ),
      Tag: Type.Optional(Tag),
      UserName,
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ AccessKey }),
  async handler({ input, services, subject, tx, event }) {
    const row = await heldKey(subject.user_id, input.AccessKeyId, tx.db);
    const now = services.now();
    const expiresAt =
      input.ClearExpirationDate || input.ExpirationDate === undefined
        ? null
        : futureExpiration(input.ExpirationDate, now);
    const tag = input.ClearTag ? null : (cleanTag(input.Tag) ?? row.tag);
    const updated: AccessKeyRow = {
      ...row,
      state: input.State ?? row.state,
      expires_at: expiresAt,
      tag,
      updated_at: now,
    };
    if (!input.DryRun)
      await updateAccessKeyRow(tx.db, row.access_key_id, {
        // Written only when it changes: a key made active again is a sensitive change, a tag is not.
        ...(updated.state !== row.state ? { state: updated.state } : {}),
        expires_at: expiresAt,
        tag,
        updated_at: now,
      });
    event.changes = diffChanges(keyFieldsOf(row), keyFieldsOf(updated));
    return { AccessKey: accessKeyOutput(updated) };
  },
});

/** What UpdateAccessKey changes, by the API's names, for the event's old → new. */
function keyFieldsOf(key: AccessKeyRow): Record<string, unknown> {
  return {
    State: key.state,
    ExpirationDate: key.expires_at === null ? null : formatOapiDate(key.expires_at),
    Tag: key.tag,
  };
}

export const deleteAccessKey = defineCall({
  name: 'DeleteAccessKey',
  summary: 'Deletes an access key: requests signed with it fail at once.',
  origin: 'oapi',
  auth: AUTH,
  access: ACCESS,
  effect: 'write',
  events: {
    emits: ['access-key.deleted'],
    of: ({ subject, input }) => [
      { type: 'access-key.deleted', data: { AccessKeyId: input.AccessKeyId, ...(subject ? userRef(subject) : {}) } },
    ],
  },
  subject: KEY_HOLDER,
  input: Type.Object({ AccessKeyId, DryRun, UserName }, { additionalProperties: false }),
  output: Type.Object({}),
  async handler({ input, subject, tx }) {
    const row = await heldKey(subject.user_id, input.AccessKeyId, tx.db);
    if (!input.DryRun) await deleteAccessKeyRow(tx.db, row.access_key_id);
    return {};
  },
});
