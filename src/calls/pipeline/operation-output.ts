import { Type, type Static } from '@sinclair/typebox';
import type { Localized } from '../../domain/errors.js';
import { formatOapiDate } from '../../domain/oapi-dates.js';
import type { Change } from '../../domain/operations.js';
import type { OperationRow } from '../../store/operations.js';
import { PersonSchema, type People } from './people.js';

export const OperationId = Type.String({ maxLength: 64, description: 'The ID the operation was created with.' });

export const OperationSchema = Type.Object(
  {
    OperationId: Type.String(),
    State: Type.Union([
      Type.Literal('pending'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
      Type.Literal('expired'),
    ]),
    Action: Type.String({
      description: "The call that runs once a token validator confirms it, or the platform's name for its action.",
    }),
    Summary: Type.Optional(Type.String({ description: "A platform action's own words, in the caller's language." })),
    RequesterUserName: Type.String({ description: 'Who asked for it: their UserName, or "owner".' }),
    Requester: Type.Optional({ ...PersonSchema, description: 'Who asked for it, by name and email.' }),
    Subject: Type.Optional({
      ...PersonSchema,
      description:
        'The user the call acts on, as they were when it was asked: it runs on them, whatever their name becomes.',
    }),
    Changes: Type.Array(
      Type.Object({
        Field: Type.String(),
        OldValue: Type.Optional(Type.String()),
        NewValue: Type.Optional(Type.String()),
        Secret: Type.Optional(Type.Boolean({ description: 'A secret changes; its value is shown to no one.' })),
      }),
    ),
    CreationDate: Type.String(),
    ExpirationDate: Type.String(),
    DecidedBy: Type.Optional(Type.String({ description: 'Who validated or cancelled it.' })),
    DecisionDate: Type.Optional(Type.String()),
    Failure: Type.Optional(Type.String({ description: 'Why the call failed when it ran.' })),
    TokenMailedToYou: Type.Optional(
      Type.Boolean({
        description:
          'ReadOperations: a token for this pending operation was mailed to you, so your confirmation may carry it out. Without one (your own request, which another validator must confirm), you may only cancel it.',
      }),
    ),
    ResultWaiting: Type.Optional(
      Type.Boolean({
        description:
          'The call ran and answered what only its requester may see, once: read it with ClaimOperationResult.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type OperationOutput = Static<typeof OperationSchema>;

export function operationOutput(
  row: OperationRow,
  people: People,
  language: 'en' | 'fr',
  reader?: { tokenMailed: boolean },
): OperationOutput {
  const requester = people.get(row.requester_id);
  const subject = row.subject_id === null ? undefined : people.get(row.subject_id);
  const failure = row.failure ? (JSON.parse(row.failure) as Localized)[language] : undefined;
  const summary = row.summary ? (JSON.parse(row.summary) as Localized)[language] : undefined;
  return {
    OperationId: row.operation_id,
    State: row.state,
    Action: row.action,
    ...(summary ? { Summary: summary } : {}),
    RequesterUserName: requester?.UserName ?? '',
    ...(requester ? { Requester: requester } : {}),
    ...(subject ? { Subject: subject } : {}),
    Changes: JSON.parse(row.changes) as Change[],
    CreationDate: formatOapiDate(row.created_at),
    ExpirationDate: formatOapiDate(row.expires_at),
    ...(row.decided_by ? { DecidedBy: people.get(row.decided_by)?.UserName ?? '' } : {}),
    ...(row.decided_at !== null ? { DecisionDate: formatOapiDate(row.decided_at) } : {}),
    ...(failure ? { Failure: failure } : {}),
    ...(reader && row.state === 'pending' ? { TokenMailedToYou: reader.tokenMailed } : {}),
    ...(row.result_sealed ? { ResultWaiting: true } : {}),
  };
}
