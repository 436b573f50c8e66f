import { countInWindow } from '../../store/auth-failures.js';
import { pipelineErrors } from './errors.js';
import type { AnyCall, CallContext } from './registry.js';

/** Counts an anonymous request of `call` from its address; refuses it past the call's rate (CallDefinition.perAddress). */
export async function throttleAddress(
  call: AnyCall,
  { services, device }: Pick<CallContext<unknown, unknown>, 'services' | 'device'>,
): Promise<void> {
  const perMinute = call.perAddress?.perMinute ?? Number.POSITIVE_INFINITY;
  const now = services.now();
  const { count, windowEnds } = await countInWindow(services.store.db, `rate:${call.name}:${device.ip}`, now, 60_000);
  if (count <= perMinute) return;
  const seconds = Math.max(1, Math.ceil((windowEnds - now) / 1000));
  throw pipelineErrors.AddressThrottled({ Seconds: seconds }).retryAfter(seconds);
}
