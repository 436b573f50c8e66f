import type { Kysely } from 'kysely';
import { nextAttemptAt, UNTIL_RESET, type ThrottleScope } from '../domain/sign-in-throttle.js';
import { addAuthFailure, clearAuthFailures, findAuthFailuresOf, lockSubject } from '../store/auth-failures.js';
import type { Database } from '../store/schema.js';
import { authErrors } from './errors.js';

/** The database subjects that count an account's and an address's console sign-in failures. */
export function signInSubjects(loginKey: string, address: string): Record<ThrottleScope, string> {
  return { account: accountSignInSubject(loginKey), address: `signin-ip:${address}` };
}

/**
 * The subjects that count a user's second-factor failures. Apart from the password's: a right
 * password must not wipe the codes' failures (else the password's holder guesses codes forever);
 * only a right second factor does, and a user's codes lock after as many failures as a password.
 */
export function secondFactorSubjects(userId: string, address: string): Record<ThrottleScope, string> {
  return { account: `factor:${userId}`, address: `signin-ip:${address}` };
}

function accountSignInSubject(loginKey: string): string {
  return `signin:${loginKey}`;
}

/** The subject of OAPI's lockout of login/password (Basic) requests. */
export function basicLoginSubject(loginKey: string): string {
  return `login:${loginKey}`;
}

/** Lifts every lockout of a login, whichever way its password was tried: what a reset does. */
export async function clearLoginLockouts(db: Kysely<Database>, loginKey: string): Promise<void> {
  await clearAuthFailures(db, basicLoginSubject(loginKey));
  await clearAuthFailures(db, accountSignInSubject(loginKey));
}

export interface SignInVerdict {
  locked: boolean;
  /** Whether failures are on record, to be forgotten if this attempt succeeds. */
  failuresOnRecord: boolean;
}

/**
 * Applies the throttle of domain/sign-in-throttle.ts, kept in the database so that it holds
 * across processes. `check` refuses an attempt that comes too early with a 429 and Retry-After,
 * or says the account is locked (the caller then answers as for a wrong password).
 */
export class SignInGuard {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async check(subjects: Record<ThrottleScope, string>): Promise<SignInVerdict> {
    const now = this.now();
    const rows = await findAuthFailuresOf(this.db, Object.values(subjects));
    const failuresOnRecord = rows.length > 0;
    if (rows.some((row) => row.locked_until === UNTIL_RESET)) return { locked: true, failuresOnRecord };
    const waitUntil = Math.max(0, ...rows.map((row) => row.locked_until));
    if (waitUntil > now) {
      const seconds = Math.ceil((waitUntil - now) / 1000);
      throw authErrors.SignInThrottled({ Seconds: seconds }).retryAfter(seconds);
    }
    return { locked: false, failuresOnRecord };
  }

  async failed(subjects: Record<ThrottleScope, string>): Promise<void> {
    const now = this.now();
    for (const [scope, subject] of Object.entries(subjects) as [ThrottleScope, string][]) {
      const failures = await addAuthFailure(this.db, subject, now);
      const until = nextAttemptAt(scope, failures, now);
      if (until > 0) await lockSubject(this.db, subject, until);
    }
  }

  /** Forgets the failures `check` found; most sign-ins have none, and write nothing. */
  async succeeded(subjects: Record<ThrottleScope, string>, verdict: SignInVerdict): Promise<void> {
    if (!verdict.failuresOnRecord) return;
    for (const subject of Object.values(subjects)) await clearAuthFailures(this.db, subject);
  }
}
