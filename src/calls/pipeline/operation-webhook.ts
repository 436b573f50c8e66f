import { webhookSignature } from '../../auth/webhook-signature.js';
import type { Expander } from '../../mail/delivery-worker.js';
import type { OperationRow } from '../../store/operations.js';
import { enqueueMail } from '../../store/outbox.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { type People } from './people.js';
import type { Services } from './registry.js';

/** The outbox's kind for a platform operation's outcome, posted to its webhook. */
export const OPERATION_WEBHOOK = 'operation-webhook';

/** Queues the outcome for the platform, in the transaction that decides the operation: it is sent, and retried, from the outbox. */
export async function queueWebhook(
  tx: WriteTransaction,
  services: Services,
  row: OperationRow,
  outcome: { state: string; by?: string | undefined; failure?: string | undefined },
  names: People,
): Promise<void> {
  if (row.kind !== 'platform' || !row.webhook_url) return;
  const payload = {
    OperationId: row.operation_id,
    AccountId: row.account_id,
    Action: row.action,
    State: outcome.state,
    ...(outcome.by ? { DecidedBy: names.get(outcome.by)?.UserName ?? '' } : {}),
    ...(outcome.failure ? { Failure: outcome.failure } : {}),
  };
  tx.afterCommit(services.mail.wake);
  await enqueueMail(
    tx.db,
    { recipient: row.webhook_url, language: 'en', template: OPERATION_WEBHOOK, payload },
    services.now(),
    services.secrets,
  );
}

/**
 * Posts a queued outcome, signed afresh at each attempt (the timestamp is the attempt's). Any
 * answer but 2xx (a redirect included), or none within 10 s, is a failure: the outbox retries it with back-off.
 */
export function sendWebhook(services: Services): Expander {
  return async (row) => {
    const secret = services.config.webhookSecret;
    if (!secret) throw new Error('TESSERA_WEBHOOK_SECRET is not set: webhooks cannot be signed');
    const body = row.payload;
    const timestamp = Math.floor(services.now() / 1000);
    const response = await fetch(row.recipient, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'tessera-signature': webhookSignature(secret, timestamp, body) },
      body,
      // A redirect would carry the signed body to an address nobody configured: it is a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  };
}
