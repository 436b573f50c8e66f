import type { Kysely } from 'kysely';
import { loginKey } from '../domain/email-address.js';
import type { ApiError } from '../domain/errors.js';
import { lockoutAfter } from '../domain/lockout.js';
import { accessKeySubject, addVerifiedRequests, findSigningKey, noteAccessKeyUse } from '../store/access-keys.js';
import type { AccountSnapshot } from '../store/accounts.js';
import { addAuthFailure, clearAuthFailures, findAuthFailures, lockSubject } from '../store/auth-failures.js';
import type { Database } from '../store/schema.js';
import { awaitsConfirmation, findUserByEmailKey } from '../store/users.js';
import { authErrors } from './errors.js';
import type { PasswordHasher } from './password-hasher.js';
import {
  deriveSigningKey,
  parseAuthorization,
  parseAmzDate,
  signatureMatches,
  SPELLINGS,
  type SignedRequest,
} from './request-signature.js';
import type { SecretBox } from './secret-box.js';
import { basicLoginSubject } from './sign-in-guard.js';

export interface VerifiedCredential {
  userId: string;
  accountId: string;
  isOwner: boolean;
  userName: string | null;
  /** The user's rights as stored (JSON list). */
  storedRights: string;
  /** Their account, when it was read with the credential. */
  account?: AccountSnapshot;
}

/** A signed request's credential: the key, its own expiry, and the signature a write records once. */
export interface VerifiedSignature extends VerifiedCredential {
  accessKeyId: string;
  /** When the key stops signing, if it has an expiration date. */
  keyExpiresAt: number | null;
  signature: { value: string; expiresAt: number };
}

const SIGNING_KEY_CACHE_SIZE = 10_000;

function lockedOut(until: number, now: number): ApiError {
  return authErrors.CredentialLockedOut({ Seconds: Math.ceil((until - now) / 1000) });
}

/**
 * Checks access-key signatures and login/password (Basic) credentials, with OAPI's lockout
 * kept in the database so that it holds across processes.
 */
export class CredentialVerifier {
  // Deriving a signing key costs four HMACs and a decryption; a key id and scope always give
  // the same one, so verifying a request costs two hashes and one HMAC.
  private readonly signingKeys = new Map<string, Buffer>();
  // Requests verified for other services (VerifyRequest), by key, until flushVerifications adds them.
  private readonly verifications = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly secrets: SecretBox,
    private readonly hasher: PasswordHasher,
    private readonly skewMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Verifies a signed request — one sent to Tessera, or one a platform service received and asks
   * about (VerifyRequest): the same rules for both, here. Returns with it the signature and the
   * end of its date window, which a write records so that a replay is refused (ATK-50).
   */
  async verifySignature(authorization: string, request: SignedRequest): Promise<VerifiedSignature> {
    const claim = parseAuthorization(authorization);
    const now = this.now();
    // Either date header serves either spelling: clients mix them and it costs nothing.
    const timestamp =
      request.headers.get(SPELLINGS[claim.algorithm].dateHeader)?.[0] ??
      request.headers.get('x-osc-date')?.[0] ??
      request.headers.get('x-amz-date')?.[0];
    const time = parseAmzDate(timestamp);
    if (timestamp === undefined || time === undefined) throw authErrors.RequestDateMissing();
    if (timestamp.slice(0, 8) !== claim.date) throw authErrors.ScopeDateMismatch();
    if (Math.abs(time - now) > this.skewMs) throw authErrors.RequestDateSkewed({ Minutes: this.skewMs / 60_000 });

    const key = await findSigningKey(this.db, claim.accessKeyId);
    if (!key) throw authErrors.SigningKeyUnknown({ AccessKeyId: claim.accessKeyId });
    // The key's account learns of every refused use of it.
    const keyHolder = {
      accountId: key.account_id,
      userId: key.user_id,
      interface: 'api',
      credential: key.access_key_id,
    };
    if (key.locked_until !== null && key.locked_until > now)
      throw lockedOut(key.locked_until, now).securityEvent('LockedOut', keyHolder);

    const scope = `${key.access_key_id}/${claim.algorithm}/${claim.date}/${claim.region}/${claim.service}`;
    let signingKey = this.signingKeys.get(scope);
    if (!signingKey) {
      signingKey = deriveSigningKey(this.secrets.open(key.secret_sealed, key.access_key_id), claim);
      if (this.signingKeys.size >= SIGNING_KEY_CACHE_SIZE) this.signingKeys.clear();
      this.signingKeys.set(scope, signingKey);
    }
    const subject = accessKeySubject(key.access_key_id);
    if (!signatureMatches(request, claim, timestamp, signingKey)) {
      const locked = await this.fail(subject, now);
      throw authErrors.SignatureMismatch().securityEvent(locked ? 'LockedOut' : 'BadSignature', keyHolder);
    }
    // Only someone who holds the secret learns the state of the key and of its user (ASVS 6.3.8).
    if (key.disabled_at !== null) throw authErrors.CredentialOfDisabledUser().securityEvent('UserDisabled', keyHolder);
    if (key.state !== 'ACTIVE') throw authErrors.SigningKeyInactive().securityEvent('InactiveKey', keyHolder);
    if (key.expires_at !== null && key.expires_at <= now)
      throw authErrors.SigningKeyExpired().securityEvent('ExpiredKey', keyHolder);
    if (key.failures !== null) await clearAuthFailures(this.db, subject);
    await noteAccessKeyUse(this.db, key, now);
    return {
      signature: { value: claim.signature, expiresAt: time + this.skewMs },
      userId: key.user_id,
      accountId: key.account_id,
      isOwner: key.is_owner === 1,
      userName: key.user_name,
      storedRights: key.rights,
      accessKeyId: key.access_key_id,
      keyExpiresAt: key.expires_at,
      account: key.account,
    };
  }

  /** A request signed with this key was verified for another service: counted, not written yet. */
  countVerification(accessKeyId: string): void {
    this.verifications.set(accessKeyId, (this.verifications.get(accessKeyId) ?? 0) + 1);
  }

  /** Adds the verifications counted since the last time to each key's total (once a minute, and on close). */
  async flushVerifications(): Promise<void> {
    const counted = [...this.verifications];
    this.verifications.clear();
    for (const [accessKeyId, count] of counted) {
      try {
        await addVerifiedRequests(this.db, accessKeyId, count);
      } catch (error) {
        // Kept for the next time: the database may be away for a moment.
        this.verifications.set(accessKeyId, (this.verifications.get(accessKeyId) ?? 0) + count);
        throw error;
      }
    }
  }

  /** `Authorization: Basic` with the account's email and password (standard or URL-safe base64). */
  async verifyBasic(authorization: string): Promise<VerifiedCredential> {
    const decoded = Buffer.from(authorization.slice('Basic '.length).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw authErrors.BasicCredentialsMalformed();
    const login = loginKey(decoded.slice(0, colon));
    const password = decoded.slice(colon + 1);
    const subject = basicLoginSubject(login ?? decoded.slice(0, colon).toLowerCase());
    const now = this.now();
    const failures = await findAuthFailures(this.db, subject);
    if (failures && failures.locked_until > now) throw lockedOut(failures.locked_until, now);
    const user = login === undefined ? undefined : await findUserByEmailKey(this.db, login);
    const valid = user?.password_hash
      ? await this.hasher.verify(user.password_hash, password)
      : await this.hasher.verifyNothing(password);
    // An owner whose address is not confirmed yet cannot sign in, and is told so as for a wrong password (see SignIn).
    if (!user || !valid || awaitsConfirmation(user)) {
      const locked = await this.fail(subject, now);
      const error = authErrors.BasicLoginIncorrect();
      // Recorded after the answer (see recordRefusal), so that its timing tells nothing.
      if (user)
        error.securityEvent(locked ? 'LockedOut' : 'WrongPassword', {
          accountId: user.account_id,
          userId: user.user_id,
          interface: 'basic',
        });
      throw error;
    }
    if (failures) await clearAuthFailures(this.db, subject);
    if (user.disabled_at !== null) throw authErrors.CredentialOfDisabledUser();
    return {
      userId: user.user_id,
      accountId: user.account_id,
      isOwner: user.is_owner === 1,
      userName: user.user_name,
      storedRights: user.rights,
    };
  }

  /** Counts a failure; returns whether it locks the credential. */
  private async fail(subject: string, now: number): Promise<boolean> {
    const failures = await addAuthFailure(this.db, subject, now);
    const lockMs = lockoutAfter(failures);
    if (lockMs > 0) await lockSubject(this.db, subject, now + lockMs);
    return lockMs > 0;
  }
}
