import { ApiError, say } from '../../domain/errors.js';
import { readAccount } from '../../store/accounts.js';
import { userPasskeys } from '../../store/passkeys.js';
import { secondFactorsOf } from '../../store/second-factors.js';
import type { WriteTransaction } from '../../store/transaction.js';
import type { Principal } from '../registry.js';

/** Removing one of the caller's second factors may not leave them none while their account requires one. */
export async function keepRequiredFactor(tx: WriteTransaction, principal: Principal): Promise<void> {
  const [factors, passkeys, account] = await Promise.all([
    secondFactorsOf(tx.db, principal.userId),
    userPasskeys(tx.db, principal.userId),
    readAccount(tx.db, principal.accountId),
  ]);
  // The app counts once, each passkey once.
  const count = (factors.includes('Totp') ? 1 : 0) + passkeys.length;
  if (count <= 1 && account?.require_second_factor === 1)
    throw new ApiError(
      'InvalidParameterValue',
      say(
        'Your account requires a second factor: this is your only one, so it stays. An administrator can turn the rule off in the authentication settings.',
        "Votre compte exige un second facteur : c'est votre seul, il reste donc. Un administrateur peut lever cette règle dans les paramètres d'authentification.",
      ),
    );
}
