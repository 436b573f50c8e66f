import { CHECKPOINT_PURPOSE, checkpointMessage } from '../../domain/audit-chain.js';
import {
  accountsWithEventsBefore,
  findCheckpoint,
  lastEventBefore,
  lockChainHead,
  prunePrefix,
  type AuditCheckpointRow,
} from '../../store/audit-events.js';
import type { Services } from '../pipeline/registry.js';

const DAY_MS = 24 * 60 * 60_000;
const ACCOUNTS_PER_SWEEP = 100;
const EVENTS_PER_PRUNE = 10_000;

/** Whether a checkpoint was signed by this server for what it says. */
export function checkpointHolds(services: Services, checkpoint: AuditCheckpointRow): boolean {
  return services.secrets.signatureHolds(
    checkpointMessage(checkpoint.account_id, checkpoint.seq, checkpoint.hash),
    CHECKPOINT_PURPOSE,
    checkpoint.signature,
  );
}

/**
 * Deletes events older than the retention, by whole prefixes of each account's chain: a signed
 * checkpoint keeps the last deleted event's place and hash, where verification then starts. A
 * bounded batch of accounts per sweep, on any instance; each account in a transaction holding its
 * chain, so that two instances never prune one chain at once. Returns the accounts pruned.
 */
export async function pruneAuditEvents(services: Services): Promise<number> {
  const days = services.config.auditRetentionDays;
  if (days === 0) return 0;
  const now = services.now();
  const cutoff = now - days * DAY_MS;
  const accounts = await accountsWithEventsBefore(services.store.db, cutoff, ACCOUNTS_PER_SWEEP);
  for (const accountId of accounts)
    await services.store.transaction(async (tx) => {
      await lockChainHead(tx, accountId);
      const kept = await findCheckpoint(tx.db, accountId);
      // A bounded prefix at a time: a long trail is pruned over several sweeps, never in one long delete.
      const last = await lastEventBefore(tx.db, accountId, cutoff, (kept?.seq ?? 0) + EVENTS_PER_PRUNE);
      if (!last || (kept && kept.seq >= last.seq)) return;
      await prunePrefix(tx.db, {
        account_id: accountId,
        seq: last.seq,
        hash: last.hash,
        at: now,
        signature: services.secrets.sign(checkpointMessage(accountId, last.seq, last.hash), CHECKPOINT_PURPOSE),
      });
    });
  return accounts.length;
}
