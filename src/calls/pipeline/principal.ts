import type { Config } from '../../config.js';
import type { AccountSnapshot } from '../../store/accounts.js';
import type { UserRow } from '../../store/users.js';

/** Who is calling, once authenticated, and with which credential. */
export type Principal = {
  userId: string;
  accountId: string;
  isOwner: boolean;
  /** OAPI's EIM UserName; null for the owner. */
  userName: string | null;
  /** The rights held at this request: a right removed a moment ago is gone. */
  rights: ReadonlySet<string>;
} & (
  | {
      via: 'session';
      sessionToken: string;
      sessionId: string;
      authenticatedAt: number;
      /** The account requires a second factor this user has not enrolled: only enrolment is open. */
      mustEnrol?: boolean;
    }
  | {
      via: 'signature';
      accessKeyId: string;
      /** The request's signature and when its date leaves the accepted window: a write records it once. */
      signature: { value: string; expiresAt: number };
    }
  | { via: 'basic' }
  /**
   * A validated operation running the call its requester asked for: the proofs were given when
   * it was asked (the call was tried then); rights and the target's state are checked again now.
   */
  | {
      via: 'operation';
      operationId: string;
      validatedBy: string;
      requestedAt: number;
      /** The user the operation acts on, by id, as it was asked (see CallDefinition.subject). */
      subjectId: string | null;
    }
);

/** Who a principal is, whatever the credential: what `identityOf` makes. */
export type Identity = Pick<Principal, 'userId' | 'accountId' | 'isOwner' | 'userName' | 'rights'>;

/**
 * A principal's identity from what is stored of the user — the one place it is made, for a
 * session, an access key, a login and password, or a validated operation's requester: the rights
 * held are those the platform gives their stored list now.
 */
export function identityOf(
  user: { userId: string; accountId: string; isOwner: boolean; userName: string | null; storedRights: string },
  { config }: { config: Pick<Config, 'rights' | 'platformAccountId'> },
): Identity {
  const { userId, accountId, isOwner, userName } = user;
  return { userId, accountId, isOwner, userName, rights: config.rights.held(user, config.platformAccountId) };
}

/** The rights a user holds now, from their row (see RightsCatalogue.held). */
export function rightsOf(
  user: Pick<UserRow, 'account_id' | 'is_owner' | 'rights'>,
  { config }: { config: Pick<Config, 'rights' | 'platformAccountId'> },
): ReadonlySet<string> {
  const holder = { accountId: user.account_id, isOwner: user.is_owner === 1, storedRights: user.rights };
  return config.rights.held(holder, config.platformAccountId);
}

/**
 * Who acted, when the request's credential does not say it — one shape wherever it is told: the
 * user a call open to anyone acted as (signing in, a link, a new account), or a user only named
 * (a refused sign-in or signature: `name: 'anonymous'`; a support agent checking the user's
 * identity: `name: 'support'`), the event then being in that user's own activity without saying
 * that they did it. `name` is how the trail names them when it is known already (personName);
 * `interface` how it came, `credential` the one presented, if it is theirs.
 */
export interface Actor extends Requester {
  name?: string;
  interface?: string;
  credential?: string;
}

/** Who an operation is asked for by: a signed-in caller, or the user behind a mailed link. */
export type Requester = Pick<Principal, 'userId' | 'accountId'>;

/** A request's credential, verified: who is calling, and their account as read with it. */
export interface Authenticated {
  principal: Principal;
  accountAsRead?: AccountSnapshot;
}
