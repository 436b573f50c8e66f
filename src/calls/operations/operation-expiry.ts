import { readAccount } from '../../store/accounts.js';
import { decideOperation, expiredOperations, type OperationRow } from '../../store/operations.js';
import { recordSystemEvent } from '../pipeline/audit-writer.js';
import { queueOutcome } from '../pipeline/operation-requests.js';
import type { Services } from '../pipeline/registry.js';

/** Ends one operation past its date, once whichever instance gets there first, and tells everyone concerned. */
export async function expireOperation(services: Services, row: OperationRow): Promise<void> {
  await services.store.transaction(async (tx) => {
    const account = await readAccount(tx.db, row.account_id);
    if (!account) return;
    if (await decideOperation(tx.db, row.operation_id, { state: 'expired', by: null, at: services.now() })) {
      await queueOutcome(tx, services, row, account, { state: 'expired' });
      await recordSystemEvent(tx, services, {
        accountId: row.account_id,
        action: 'OperationExpired',
        target: row.operation_id,
      });
    }
  });
}

/** Ends the operations past their date, a bounded batch at a time (any instance, on a timer). */
export async function expireOperations(services: Services): Promise<number> {
  const rows = await expiredOperations(services.store.db, services.now());
  for (const row of rows) await expireOperation(services, row);
  return rows.length;
}
