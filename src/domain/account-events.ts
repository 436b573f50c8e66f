/**
 * The account events the platform's services (billing first) learn from: what changed in an
 * account, named `<object>.<what happened>`, lower case, words joined by hyphens. Each is
 * delivered, signed, to every configured endpoint whose filter takes it (TESSERA_EVENT_ENDPOINTS).
 */
export const ACCOUNT_EVENT_TYPES = [
  'account.created',
  'account.profile-updated',
  'account.security-updated',
  'user.created',
  'user.updated',
  'user.rights-updated',
  'user.disabled',
  'user.enabled',
  'user.deleted',
  'access-key.created',
  'access-key.deactivated',
  'access-key.activated',
  'access-key.deleted',
] as const;

export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];

/** An event a change emits, before it is stored: its type and what it says. */
export interface AccountEventDraft {
  type: AccountEventType;
  data: Record<string, unknown>;
}

/**
 * An endpoint's filter: an event type (`user.created`), every type of an object (`user.*`), or
 * every type (`*`).
 */
export function patternTakes(pattern: string, type: AccountEventType): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** Whether a filter names at least one event type: a misspelt one would silently take nothing. */
export function patternKnown(pattern: string): boolean {
  return ACCOUNT_EVENT_TYPES.some((type) => patternTakes(pattern, type));
}

/** Whether any of these filters takes an event of this type. */
export function filterTakes(patterns: readonly string[], type: AccountEventType): boolean {
  return patterns.some((pattern) => patternTakes(pattern, type));
}

/** How long a failed delivery waits before its next try: doubling from `baseMs`, at most `maxMs`. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
}

/** A change as the audit trail records it (domain/operations.ts Change), as far as events need it. */
interface ChangeLike {
  Field: string;
}

/** The names of the fields a change touched, each once, in the order given. */
export function fieldNames(changes: readonly ChangeLike[], leaveOut: readonly string[] = []): string[] {
  return [...new Set(changes.map((change) => change.Field))].filter((field) => !leaveOut.includes(field));
}
