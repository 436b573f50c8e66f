import type { Device } from '../../auth/session-service.js';
import { ApiError } from '../../domain/errors.js';
import { recordSoon, targetOf } from './audit-writer.js';
import type { Principal } from './principal.js';
import type { AnyCall, Services } from './registry.js';

/**
 * Records a refusal that matters for security — a right the caller lacks, a bad signature of a
 * known key, a wrong token — in the trail of the account concerned, after the answer and apart
 * from the call's transaction, which the refusal rolled back. Other errors (a malformed input, an
 * unknown key) concern no account and record nothing. `target` names what the refused request
 * acted on when the input does not (VerifyRequest: the customer's method and path).
 */
export function recordRefusal(
  services: Services,
  call: Pick<AnyCall, 'name'>,
  request: { principal: Principal | undefined; device: Device; input: Record<string, unknown>; target?: string },
  error: unknown,
): void {
  if (!(error instanceof ApiError)) return;
  const reason = error.refusal?.reason ?? (error.kind === 'NotAuthorized' ? 'AccessDenied' : undefined);
  if (!reason) return;
  const { principal, device, input } = request;
  const presented = error.refusal?.credentialOf;
  const accountId = principal?.accountId ?? presented?.accountId;
  if (!accountId) return;
  recordSoon(
    services,
    { principal, device },
    {
      accountId,
      action: call.name,
      target: request.target ?? targetOf(input),
      changes: [],
      outcome: 'refused',
      reason,
      ...(principal || !presented ? {} : { actor: { ...presented, name: 'anonymous' } }),
    },
  );
}
