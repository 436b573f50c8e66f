import { readAccount, type AccountRow } from '../../store/accounts.js';
import { countSecondFactors } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { Principal } from '../pipeline/principal.js';
import type { Services } from '../pipeline/registry.js';
import { flowErrors } from './errors.js';

/** Whether the account's users must have a second factor: by its own rule, or the platform's for every account. */
export function factorRequired(services: Pick<Services, 'config'>, account: AccountRow | undefined): boolean {
  return services.config.requireSecondFactor || account?.require_second_factor === 1;
}

/** Removing one of the caller's second factors may not leave them none while their account requires one. */
export async function keepRequiredFactor(
  tx: WriteTransaction,
  services: Services,
  principal: Principal,
): Promise<void> {
  // The app counts once, each passkey once.
  const [count, account] = await Promise.all([
    countSecondFactors(tx.db, principal.userId),
    readAccount(tx.db, principal.accountId),
  ]);
  if (count <= 1 && factorRequired(services, account)) throw flowErrors.OnlyRequiredFactor();
}
