import { ruleErrors } from './rule-errors.js';

// OAPI's rules for EIM users (reference/outscale-oapi.md §2.5).
const USER_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
const PATH = /^\/(?:[A-Za-z0-9_/]*\/)?$/;

export const DEFAULT_PATH = '/';

/** The words that label the account's owner to validators, in mails and in the trail. */
const OWNER_LABELS = new Set(['owner', 'proprietaire', 'root', 'accountowner']);

/** A name as it reads: without case, separators, or digits standing for letters ("0wn3r" reads "owner"). */
function skeleton(name: string): string {
  return name
    .toLowerCase()
    .replace(/[+=,.@_-]/g, '')
    .replace(/vv/g, 'w')
    .replace(/[0134579]/g, (digit) => ({ 0: 'o', 1: 'l', 3: 'e', 4: 'a', 5: 's', 7: 't', 9: 'g' })[digit] ?? digit);
}

/** Whether a user's name would pass for the owner's label (ATK: a user named "owner" signs as the owner). */
export function labelsTheOwner(name: string): boolean {
  const read = skeleton(name);
  return OWNER_LABELS.has(read) || OWNER_LABELS.has(read.replace(/l/g, 'i'));
}

/**
 * A user's name within its account: 1 to 64 letters, digits and + = , . @ - _, and not a name
 * that reads as the owner's label.
 */
export function checkUserName(field: string, value: string): string {
  if (!USER_NAME.test(value)) {
    throw ruleErrors.UserNameInvalid({ Field: field });
  }
  if (labelsTheOwner(value)) throw ruleErrors.UserNameReadsAsOwner({ Field: field, Value: value });
  return value;
}

/** A user's path: begins and ends with "/", 1 to 512 characters of letters, digits, "/" and "_". */
export function checkPath(field: string, value: string): string {
  if (value.length > 512 || !PATH.test(value)) {
    throw ruleErrors.UserPathInvalid({ Field: field });
  }
  return value;
}

/** Names are compared as OAPI does for IAM-style names: without regard to case. */
export function userNameKey(name: string): string {
  return name.toLowerCase();
}
