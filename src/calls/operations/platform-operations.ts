import { Type } from '@sinclair/typebox';
import { readAccount } from '../../store/accounts.js';
import { accountUsers } from '../../store/operations.js';
import { findUserByName } from '../../store/sub-users.js';
import { recordEvent } from '../pipeline/audit-writer.js';
import { noSuchUser } from '../pipeline/call-parts.js';
import { OperationSchema } from '../pipeline/operation-output.js';
import { createOperation } from '../pipeline/operation-requests.js';
import { defineCall } from '../pipeline/registry.js';
import { operationErrors } from './errors.js';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const createPlatformOperation = defineCall({
  name: 'CreateOperation',
  summary:
    "For the platform's own services (users of TESSERA_PLATFORM_ACCOUNT_ID): submits a sensitive action of a customer's user for validation. Under the account's advanced security it waits for a token validator; the outcome is polled with ReadOperations or posted, signed, to WebhookUrl.",
  origin: 'tessera',
  auth: ['signature'],
  // Its mail reaches a customer's validators with a summary the caller writes: not for any user.
  access: { kind: 'right', right: 'SubmitOperations', platformOnly: true },
  effect: 'write',
  input: Type.Object(
    {
      AccountId: Type.String({ pattern: '^[0-9]{12}$', description: 'The customer account the action is for.' }),
      RequesterUserName: Type.Optional(
        Type.String({ maxLength: 64, description: 'The user who asked for it; without it, the owner.' }),
      ),
      Action: Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9:._-]{0,127}$',
        description: 'Such as network:DeletePublicIp.',
      }),
      Summary: Type.Object({ en: Text(500), fr: Text(500) }, { additionalProperties: false }),
      Changes: Type.Array(
        Type.Object(
          { Field: Text(128), OldValue: Type.Optional(Text(500)), NewValue: Type.Optional(Text(500)) },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
      WebhookUrl: Type.Optional(Type.String({ maxLength: 2048, description: 'https:// (http:// on loopback).' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    ValidationRequired: Type.Boolean({
      description: 'False when the account has not turned advanced security on: go ahead.',
    }),
    Operation: Type.Optional(OperationSchema),
  }),
  async handler(context) {
    const { input, services, tx } = context;
    if (input.WebhookUrl !== undefined) checkWebhookUrl(input.WebhookUrl, Boolean(services.config.webhookSecret));
    const account = await readAccount(tx.db, input.AccountId);
    if (!account) throw operationErrors.CustomerAccountNotFound({ AccountId: input.AccountId });
    const requester = input.RequesterUserName
      ? await findUserByName(tx.db, account.account_id, input.RequesterUserName)
      : (await accountUsers(tx.db, account.account_id)).find((user) => user.is_owner === 1);
    if (!requester) throw noSuchUser(input.RequesterUserName ?? '');
    if (account.advanced_security === 0) return { ValidationRequired: false };
    const operation = await createOperation(tx, services, {
      account,
      requesterId: requester.user_id,
      action: input.Action,
      kind: 'platform',
      input: {},
      changes: input.Changes,
      summary: input.Summary,
      ...(input.WebhookUrl ? { webhookUrl: input.WebhookUrl } : {}),
    });
    // The customer's trail shows what the platform asked in their name; the platform's, who asked.
    await recordEvent(tx, services, context, {
      accountId: account.account_id,
      action: 'CreateOperation',
      target: input.Action,
      changes: input.Changes,
      outcome: 'awaiting-validation',
      operationId: operation.OperationId,
      actor: { userId: requester.user_id, accountId: account.account_id, name: 'platform', interface: 'platform' },
    });
    return { ValidationRequired: true, Operation: operation };
  },
});

function checkWebhookUrl(raw: string, canSign: boolean): void {
  if (!canSign) throw operationErrors.WebhookSecretNotConfigured();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw operationErrors.WebhookUrlMalformed();
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw operationErrors.WebhookUrlNotHttps();
}
