import { createHmac } from 'node:crypto';

/**
 * The `tessera-signature` header of every webhook Tessera sends (operations' outcomes, account
 * events): when it was signed, and HMAC-SHA256 of `<t>.<body>` with TESSERA_WEBHOOK_SECRET.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
