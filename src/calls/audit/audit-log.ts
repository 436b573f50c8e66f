import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { auditSealer } from '../../auth/secret-box.js';
import { canonicalForm, ChainVerifier, type ChainBreak } from '../../domain/audit-chain.js';
import { deviceName } from '../../domain/device-name.js';
import { formatOapiDate, parseOapiDate } from '../../domain/oapi-dates.js';
import type { Change } from '../../domain/operations.js';
import {
  chainedEventOf,
  eventsAfter,
  findCheckpoint,
  listEvents,
  readChainHead,
  allEvents,
  type AuditEventRow,
  type EventFilter,
} from '../../store/audit-events.js';
import type { Database } from '../../store/schema.js';
import { FirstItem } from '../pipeline/call-parts.js';
import { type People, userNames } from '../pipeline/people.js';
import { defineCall } from '../pipeline/registry.js';
import { checkpointHolds } from './audit-retention.js';

const ACCESS = { kind: 'right', right: 'ReadAuditLog' } as const;
const MAX_PAGE = 1000;

const AuditEvent = Type.Object({
  Seq: Type.Integer({ description: "The event's place in the account's chain: 1, 2, 3…" }),
  Date: Type.String(),
  Actor: Type.String({ description: 'UserName, "owner", or "anonymous".' }),
  Interface: Type.String({ description: 'console, api (signed), cli, basic, operation.' }),
  Credential: Type.Optional(Type.String({ description: 'The session id or access key id used.' })),
  IpAddress: Type.String(),
  Device: Type.String({ description: 'The user agent, as sent.' }),
  DeviceName: Type.String({
    description: 'Tessera extension: the device as a person names it, such as "Firefox 130 on Linux".',
  }),
  Action: Type.String(),
  Target: Type.Optional(Type.String()),
  Changes: Type.Array(
    Type.Object({
      Field: Type.String(),
      OldValue: Type.Optional(Type.String()),
      NewValue: Type.Optional(Type.String()),
      Secret: Type.Optional(Type.Boolean()),
    }),
  ),
  OperationId: Type.Optional(Type.String()),
  ValidatedBy: Type.Optional(Type.String()),
  Outcome: Type.String({ description: 'success, awaiting-validation, refused.' }),
  Reason: Type.Optional(
    Type.String({ description: 'Why it was refused: WrongPassword, LockedOut, AccessDenied, BadSignature, BadToken…' }),
  ),
});

function eventOutput(row: AuditEventRow, names: People) {
  return {
    Seq: row.seq,
    Date: formatOapiDate(row.at),
    Actor: row.actor_name,
    Interface: row.interface,
    ...(row.credential ? { Credential: row.credential } : {}),
    IpAddress: row.ip,
    Device: row.device,
    DeviceName: deviceName(row.device),
    Action: row.action,
    ...(row.target ? { Target: row.target } : {}),
    Changes: JSON.parse(row.changes) as Change[],
    ...(row.operation_id ? { OperationId: row.operation_id } : {}),
    ...(row.validated_by ? { ValidatedBy: names.get(row.validated_by)?.UserName ?? '' } : {}),
    Outcome: row.outcome,
    ...(row.reason ? { Reason: row.reason } : {}),
  };
}

/** A page of events, one more read to tell whether more follow, as ReadUsers pages. */
async function pageOfEvents(
  db: Kysely<Database>,
  accountId: string,
  filter: EventFilter,
  page: { FirstItem?: number; ResultsPerPage?: number },
  names: People,
) {
  const count = page.ResultsPerPage ?? 100;
  const rows = await listEvents(db, accountId, filter, { first: page.FirstItem ?? 0, count: count + 1 });
  return { Events: rows.slice(0, count).map((row) => eventOutput(row, names)), HasMoreItems: rows.length > count };
}

const AuditFilters = Type.Object(
  {
    FromDate: Type.Optional(Type.String({ maxLength: 40 })),
    ToDate: Type.Optional(Type.String({ maxLength: 40 })),
    ActorUserName: Type.Optional(Type.String({ maxLength: 64, description: 'A UserName, or "owner".' })),
    Action: Type.Optional(Type.String({ maxLength: 64 })),
    Target: Type.Optional(Type.String({ maxLength: 128 })),
    Outcome: Type.Optional(Type.String({ maxLength: 32 })),
  },
  { additionalProperties: false },
);
type AuditFilters = Static<typeof AuditFilters>;

export const readAuditLog = defineCall({
  name: 'ReadAuditLog',
  summary:
    "The account's events, newest first: who did what, through which interface and credential, from where, what changed (secrets only as changed), and who validated it.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: ACCESS,
  effect: 'read',
  input: Type.Object(
    {
      Filters: Type.Optional(AuditFilters),
      FirstItem,
      ResultsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
      Format: Type.Optional(
        Type.Union([Type.Literal('json'), Type.Literal('ndjson')], {
          description:
            'ndjson: every matching event, oldest first, one JSON object a line (application/x-ndjson), for export; paging is ignored.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Events: Type.Array(AuditEvent), HasMoreItems: Type.Boolean() }),
  async handler({ input, principal, db }) {
    const { filter, names } = await auditFilter(db, principal.accountId, input.Filters);
    return pageOfEvents(db, principal.accountId, filter, input, names);
  },
  async *ndjson({ input, principal, db }) {
    const { filter, names } = await auditFilter(db, principal.accountId, input.Filters);
    // An export carries what it takes to check it elsewhere: each event's canonical form, hashed
    // to its Hash, which the next one's PrevHash points at, up to a head ReadAuditHead signs.
    for await (const row of allEvents(db, principal.accountId, filter))
      yield {
        ...eventOutput(row, names),
        Hash: row.hash,
        PrevHash: row.prev_hash,
        Canonical: canonicalForm(chainedEventOf(row)),
      };
  },
});

/** The filters of ReadAuditLog as the store takes them, and the names of the account's users. */
async function auditFilter(db: Kysely<Database>, accountId: string, filters: AuditFilters = {}) {
  const names = await userNames({ db }, accountId);
  const filter: EventFilter = {};
  if (filters.FromDate) filter.from = parseOapiDate('FromDate', filters.FromDate);
  if (filters.ToDate) filter.to = parseOapiDate('ToDate', filters.ToDate);
  if (filters.ActorUserName)
    filter.actorId = [...names].find(([, person]) => person.UserName === filters.ActorUserName)?.[0] ?? '-';
  if (filters.Action) filter.action = filters.Action;
  if (filters.Target) filter.target = filters.Target;
  if (filters.Outcome) filter.outcome = filters.Outcome;
  return { filter, names };
}

export const readSecurityActivity = defineCall({
  name: 'ReadSecurityActivity',
  summary:
    'Your own events, newest first: what you changed, from which device and address, through which interface and credential.',
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: { kind: 'self' },
  effect: 'read',
  input: Type.Object(
    {
      FirstItem,
      ResultsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ Events: Type.Array(AuditEvent), HasMoreItems: Type.Boolean() }),
  async handler({ input, principal, db }) {
    return pageOfEvents(
      db,
      principal.accountId,
      { actorId: principal.userId },
      input,
      await userNames({ db }, principal.accountId),
    );
  },
});

const BATCH = 1000;

export const verifyAuditLog = defineCall({
  name: 'VerifyAuditLog',
  summary:
    "Checks the account's chain of events: each carries the SHA-256 of the one before it, and the chain kept after retention starts at a checkpoint signed by the server. Names the first event that was changed, or is missing.",
  origin: 'tessera',
  auth: ['session', 'signature'],
  access: ACCESS,
  effect: 'read',
  input: Type.Object({}, { additionalProperties: false }),
  output: Type.Object({
    Valid: Type.Boolean(),
    VerifiedEvents: Type.Integer(),
    PrunedThroughSeq: Type.Optional(
      Type.Integer({
        description: 'Older events were deleted by retention, up to this one: the chain starts after it.',
      }),
    ),
    FirstBrokenSeq: Type.Optional(Type.Integer({ description: 'The first event that does not hold.' })),
    Reason: Type.Optional(
      Type.String({
        description:
          'missing (a gap, or events cut from the end), link (points elsewhere), content (edited), seal (rewritten: its seal by the server key does not hold), checkpoint (not signed by this server).',
      }),
    ),
  }),
  async handler({ principal, db, services }) {
    const checkpoint = await findCheckpoint(db, principal.accountId);
    const start = checkpoint ? { seq: checkpoint.seq, hash: checkpoint.hash } : undefined;
    const pruned = start ? { PrunedThroughSeq: start.seq } : {};
    if (checkpoint && !checkpointHolds(services, checkpoint))
      return { Valid: false, VerifiedEvents: 0, ...pruned, FirstBrokenSeq: checkpoint.seq + 1, Reason: 'checkpoint' };
    const verifier = new ChainVerifier(auditSealer(services.secrets), start);
    const first = start?.seq ?? 0;
    const brokenAt = (broken: ChainBreak) => ({
      Valid: false,
      VerifiedEvents: broken.seq - 1 - first,
      ...pruned,
      FirstBrokenSeq: broken.seq,
      Reason: broken.reason,
    });
    let after = first;
    for (;;) {
      const rows = await eventsAfter(db, principal.accountId, after, BATCH);
      for (const row of rows) {
        const broken = verifier.check({ ...chainedEventOf(row), hash: row.hash, seal: row.seal });
        if (broken) return brokenAt(broken);
        after = row.seq;
      }
      if (rows.length < BATCH) break;
    }
    // The chain must end where the account's sealed head says: events cut from the end break here.
    const head = await readChainHead(db, principal.accountId);
    const cut = head && verifier.end({ accountId: principal.accountId, ...head });
    if (!head || cut) return brokenAt(cut ?? { seq: after + 1, reason: 'missing' });
    return { Valid: true, VerifiedEvents: after - first, ...pruned };
  },
});
