import { userNameKey } from './eim-names.js';
import { ruleErrors } from './rule-errors.js';

/**
 * What a call asks of its caller, declared once in the registry and checked in one place
 * before the call runs (ASVS 8.2.1, 8.3.1):
 * - `anyone`: no credential needed (sign-in, links from emails);
 * - `self`: any signed-in user, on their own things only;
 * - `right`: the named right, always;
 * - `right-for-others`: free on the caller's own things; naming another user (UserName) needs the right.
 * `ownerOnly` lists input fields only the account's owner may send; `notForSelf` those no one may
 * send about themself (a user never changes their own rights). `platformOnly`: only users of the
 * platform's own account (TESSERA_PLATFORM_ACCOUNT_ID) may call it, whatever rights a customer's
 * users hold — the platform's services (CreateOperation, VerifyRequest) and support staff.
 */
export type Access =
  | { kind: 'anyone' }
  | { kind: 'self' }
  | { kind: 'right'; right: string; ownerOnly?: readonly string[]; platformOnly?: true }
  | { kind: 'right-for-others'; right: string; notForSelf?: readonly string[] };

/** What authorization knows of a caller. */
export interface Caller {
  accountId: string;
  isOwner: boolean;
  /** The caller's EIM name; null for the owner. */
  userName: string | null;
  /** Every right the caller holds now; the owner's are all of them. */
  rights: ReadonlySet<string>;
}

/** True when the input names a user other than the caller. */
export function namesAnotherUser(caller: Caller, input: Record<string, unknown>): boolean {
  const named = input.UserName;
  if (typeof named !== 'string') return false;
  return caller.userName === null || userNameKey(named) !== userNameKey(caller.userName);
}

/**
 * Throws NotAuthorized (403, OAPI code 4) unless the caller may make this call with this input.
 * `platformAccountId` is the platform's own account, if this installation names one: without it
 * a platform-only call is refused to everyone.
 */
export function authorize(
  callName: string,
  access: Access,
  caller: Caller | undefined,
  input: Record<string, unknown>,
  platformAccountId?: string,
): void {
  if (access.kind === 'anyone' || !caller) return;
  if (access.kind === 'self') return;
  if (access.kind === 'right' && access.platformOnly && caller.accountId !== platformAccountId) {
    throw ruleErrors.PlatformAccountOnly({ Call: callName });
  }
  const needsRight = access.kind === 'right' || namesAnotherUser(caller, input);
  if (needsRight && !caller.rights.has(access.right)) {
    throw ruleErrors.RightRequired({ Call: callName, Right: access.right });
  }
  if (access.kind === 'right' && !caller.isOwner) {
    const field = access.ownerOnly?.find((name) => input[name] !== undefined);
    if (field) throw ruleErrors.OwnerOnlyField({ Field: field });
  }
  if (access.kind === 'right-for-others' && !namesAnotherUser(caller, input)) {
    const field = access.notForSelf?.find((name) => input[name] !== undefined);
    if (field) throw ruleErrors.NotForSelfField({ Field: field });
  }
}

/**
 * A user who grants or removes rights may only move those they hold themself, so that managing
 * users never leads to more power than one has (ATK-43).
 */
export function checkRightsChange(caller: Caller, before: readonly string[], after: readonly string[]): void {
  const moved = [
    ...after.filter((right) => !before.includes(right)),
    ...before.filter((right) => !after.includes(right)),
  ];
  const beyond = moved.filter((right) => !caller.rights.has(right));
  if (beyond.length > 0) {
    throw ruleErrors.RightsNotHeldToMove({ Rights: beyond.join(', ') });
  }
}

/**
 * Acting on another user — their details, email, keys, state — is managing them: only someone
 * who holds every right they hold may, or a manager could take over a stronger user (by giving
 * them an address the manager reads, or a key) and so gain rights they were never given.
 */
export function checkMayManage(caller: Caller, targetRights: readonly string[]): void {
  const beyond = targetRights.filter((right) => !caller.rights.has(right));
  if (beyond.length > 0) {
    throw ruleErrors.TargetHoldsRightsNotHeld({ Rights: beyond.join(', ') });
  }
}
