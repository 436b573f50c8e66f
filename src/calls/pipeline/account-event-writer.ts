import { filterTakes, type AccountEventType } from '../../domain/account-events.js';
import { insertAccountEvents } from '../../store/account-events.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { AnyCall, EventFacts, Services } from './registry.js';

/** Whether an endpoint wants any event this call may emit: when none does, the call stores none. */
export function eventsWanted(call: AnyCall, config: Services['config']): boolean {
  const endpoints = config.eventEndpoints;
  return Boolean(call.events?.emits.some((type) => endpoints.some((endpoint) => filterTakes(endpoint.events, type))));
}

/**
 * Writes the account events the call declares for this change, in its transaction, right after
 * the change's audit event: they share its Seq, so an account's events are ordered as their
 * changes committed. Each goes to the endpoints whose filter takes it; an event no endpoint wants
 * is not stored (events exist to be delivered; the audit trail is the record).
 */
export async function writeAccountEvents(
  tx: WriteTransaction,
  services: Services,
  call: AnyCall,
  facts: Omit<EventFacts<Record<string, unknown>, Record<string, unknown>>, 'db'>,
): Promise<void> {
  const declared = call.events;
  if (!declared || !eventsWanted(call, services.config)) return;
  const drafts = await declared.of({ ...facts, db: tx.db });
  const undeclared = drafts.find((draft) => !declared.emits.includes(draft.type));
  if (undeclared) throw new Error(`${call.name} emitted ${undeclared.type}, which its declaration does not list`);
  const endpointsFor = (type: AccountEventType) =>
    services.config.eventEndpoints.filter((endpoint) => filterTakes(endpoint.events, type)).map(({ url }) => url);
  const wanted = drafts
    .map((draft) => ({ ...draft, endpoints: endpointsFor(draft.type) }))
    .filter((event) => event.endpoints.length > 0);
  if (wanted.length === 0) return;
  const head = tx.chainHeads.get(facts.accountId);
  if (!head) throw new Error(`${call.name} emits account events without an audit event to order them by`);
  await insertAccountEvents(tx.db, { accountId: facts.accountId, seq: head.seq, at: services.now() }, wanted);
  tx.afterCommit(services.events.wake);
}
