import { AnswerAfterRollback } from './call-parts.js';
import { findSubject } from './call-subject.js';
import type { AnyCall, CallContext, Principal } from './registry.js';
import { recordSignature, refuseKnownSignature } from './replay-guard.js';

type AnyHandlerContext = Parameters<AnyCall['handler']>[0];

/**
 * Runs a call whose input is valid and whose caller is authorized: its `prepare` step, then its
 * handler — for a call that writes, inside one transaction (rolled back for `DryRun`) where the
 * user it acts on is found, and locked if it says so, and where a signed request's signature is
 * recorded so that it serves once. Work queued after the commit runs only once the change is durable.
 */
export async function runCall(
  call: AnyCall,
  context: CallContext<Record<string, unknown>, Principal | undefined>,
): Promise<Record<string, unknown>> {
  const { services, principal, input } = context;
  if (call.effect === 'write') await refuseKnownSignature(principal, services);
  const prepared = call.prepare ? await call.prepare(context) : undefined;
  const { subject: spec } = call;
  if (spec && !principal) throw new Error(`${call.name} acts on a user, so it cannot be open to anyone`);
  if (call.effect === 'read') {
    const { db } = services.store;
    const subject = spec && principal ? await findSubject(spec, principal, input, { db }) : undefined;
    return call.handler({ ...context, db, subject, prepared } as AnyHandlerContext);
  }
  try {
    return await services.store.transaction(
      async (tx) => {
        await recordSignature(tx, principal);
        const subject = spec && principal ? await findSubject(spec, principal, input, { tx }) : undefined;
        return call.handler({ ...context, tx, subject, prepared } as AnyHandlerContext);
      },
      { rollback: input.DryRun === true },
    );
  } catch (error) {
    if (error instanceof AnswerAfterRollback) return error.output;
    throw error;
  }
}
