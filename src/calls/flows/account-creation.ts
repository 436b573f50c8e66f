import { auditSealer } from '../../auth/secret-box.js';
import type { Profile } from '../../domain/account-profile.js';
import { GENESIS, headSealMessage } from '../../domain/audit-chain.js';
import { emailKey } from '../../domain/email-address.js';
import type { Language } from '../../domain/errors.js';
import { insertAccount, readAccount, type AccountRow } from '../../store/accounts.js';
import { randomDigits, randomUpperAlnum } from '../../store/ids.js';
import type { WriteTransaction } from '../../store/transaction.js';
import { insertUser } from '../../store/users.js';
import type { Services } from '../pipeline/registry.js';
import { sendConfirmation } from './email-confirmation-mail.js';
import { flowErrors } from './errors.js';

/** The refusal of a sign-up on a server whose sign-up is closed (SignUp's, and a first sign-in with a provider's). */
export const signUpClosed = flowErrors.SignUpClosed;

// Ids are drawn at random among 90 million CustomerIds (8 digits) and 900 billion AccountIds: with
// a million accounts, one draw in ninety finds its CustomerId taken, and is drawn again.
const ID_DRAWS = 20;

async function insertAccountWithFreeIds(
  tx: WriteTransaction,
  services: Services,
  profile: Profile,
  now: number,
): Promise<string> {
  const seal = auditSealer(services.secrets);
  for (let draw = 0; draw < ID_DRAWS; draw += 1) {
    const accountId = randomDigits(12);
    const headSeal = seal.seal(headSealMessage(accountId, 0, GENESIS));
    if (await insertAccount(tx.db, accountId, randomDigits(8), profile, now, headSeal)) return accountId;
  }
  throw new Error(`no free AccountId and CustomerId in ${ID_DRAWS} draws`);
}

/**
 * A new account and its owner, in the caller's transaction. An owner without a password signs
 * in with an OpenID provider; an address the provider verified needs no confirmation mail.
 */
export async function createAccountWithOwner(
  tx: WriteTransaction,
  services: Services,
  owner: { email: string; profile: Profile; language: Language; passwordHash: string | null; emailVerified: boolean },
): Promise<{ account: AccountRow; userId: string }> {
  const now = services.now();
  const accountId = await insertAccountWithFreeIds(tx, services, owner.profile, now);
  const userId = randomUpperAlnum(31);
  await insertUser(tx.db, {
    user_id: userId,
    account_id: accountId,
    email: owner.email,
    email_key: emailKey(owner.email),
    password_hash: owner.passwordHash,
    is_owner: 1,
    language: owner.language,
    created_at: now,
    email_confirmed_at: owner.emailVerified ? now : null,
    pending_email: null,
  });
  if (!owner.emailVerified)
    await sendConfirmation(tx, services, {
      userId,
      email: owner.email,
      firstName: owner.profile.FirstName,
      language: owner.language,
    });
  const account = await readAccount(tx.db, accountId);
  if (!account) throw new Error('the account just created cannot be read back');
  return { account, userId };
}
