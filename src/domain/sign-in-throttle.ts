/**
 * How console sign-in failures slow down guessing (NIST SP 800-63B-4 §3.2.2, ASVS 6.3.1),
 * counted per account and per client address:
 * - the first FREE_FAILURES failures in a row cost nothing;
 * - each next one makes the next attempt wait twice as long, from 1 s up to MAX_DELAY_S;
 * - an account reaching LOCK_AFTER failures in a row is locked until its owner resets the
 *   password, and answers every attempt as a wrong password would. Addresses are never locked
 *   for good.
 */
export const SIGN_IN_LIMITS = {
  account: { freeFailures: 5, maxDelaySeconds: 60, lockAfter: 100 },
  address: { freeFailures: 20, maxDelaySeconds: 60, lockAfter: Number.POSITIVE_INFINITY },
} as const;

export type ThrottleScope = keyof typeof SIGN_IN_LIMITS;

/** A lock "until the password is reset": far enough never to end by itself. */
export const UNTIL_RESET = Number.MAX_SAFE_INTEGER;

/** When the next attempt may come after `failures` consecutive failures, from `now`. */
export function nextAttemptAt(scope: ThrottleScope, failures: number, now: number): number {
  const limits = SIGN_IN_LIMITS[scope];
  if (failures >= limits.lockAfter) return UNTIL_RESET;
  if (failures < limits.freeFailures) return 0;
  const seconds = Math.min(2 ** (failures - limits.freeFailures), limits.maxDelaySeconds);
  return now + seconds * 1000;
}
