import { ruleErrors } from './rule-errors.js';

/** Who may validate: never the requester (`OtherValidator`), or any validator, the mailbox being the second factor. */
export type ValidationPolicy = 'OtherValidator' | 'AnyValidator';

/** Inputs that are secrets: an operation says they change, never what they become. */
// A callback's Query carries the provider's authorization code; Code is a support code or an
// app's code; Credential is a passkey's WebAuthn answer, meaningless to a reader.
const SECRET_FIELDS = new Set([
  'Password',
  'CurrentPassword',
  'NewPassword',
  'Token',
  'SecretKey',
  'Query',
  'Code',
  'Credential',
]);

/** One line of what an operation will change, as a validator reads it. */
export interface Change {
  Field: string;
  OldValue?: string;
  NewValue?: string;
  /** A secret: it changes, and its value is shown to no one. */
  Secret?: boolean;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * What a call's input will change, with the values before where they are known; secrets only say
 * that they change. A field `before` names without a value was empty (OldValue ""); a field it
 * does not name has no OldValue: its value before is not known.
 */
export function changesOf(input: Record<string, unknown>, before: Record<string, unknown> = {}): Change[] {
  return Object.entries(input)
    .filter(([field, value]) => field !== 'DryRun' && value !== undefined)
    .map(([field, value]): Change => {
      if (SECRET_FIELDS.has(field)) return { Field: field, Secret: true };
      const old = before[field];
      const known = Object.hasOwn(before, field);
      return {
        Field: field,
        ...(known ? { OldValue: old === undefined || old === null ? '' : shown(old) } : {}),
        NewValue: shown(value),
      };
    });
}

/** What changed between two views of an object, field by field: old → new, only where they differ. */
export function diffChanges(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  const present = (value: unknown) => value !== undefined && value !== null && value !== '';
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((field): Change[] => {
    const [old, now] = [before[field], after[field]];
    if (shown(old ?? '') === shown(now ?? '')) return [];
    return [
      {
        Field: field,
        ...(present(old) ? { OldValue: shown(old) } : {}),
        ...(present(now) ? { NewValue: shown(now) } : {}),
      },
    ];
  });
}

/** A person who may receive tokens: holds TokenValidator, enabled, with a confirmed email. */
export interface Validator {
  userId: string;
  name: string;
  enabled: boolean;
  emailConfirmed: boolean;
}

/** Who receives a token for an operation: every eligible validator, but the requester where the policy forbids them. */
export function tokenRecipients<V extends Validator>(
  validators: readonly V[],
  requesterId: string,
  policy: ValidationPolicy,
): V[] {
  return validators.filter(
    (validator) =>
      validator.enabled && validator.emailConfirmed && (policy === 'AnyValidator' || validator.userId !== requesterId),
  );
}

/** Refuses a validation the policy forbids: under OtherValidator, nobody validates their own request. */
export function checkMayValidate(policy: ValidationPolicy, requesterId: string, validatorId: string): void {
  if (policy === 'OtherValidator' && requesterId === validatorId) throw ruleErrors.RequesterCannotValidate();
}

/**
 * Whether the account has the validators a policy needs to be turned on: two who can receive
 * tokens for OtherValidator (one validates the other's requests), one for AnyValidator. The
 * refusal names who lacks what.
 */
export function checkEnoughValidators(policy: ValidationPolicy, validators: readonly Validator[]): void {
  const needed = policy === 'OtherValidator' ? 2 : 1;
  const ready = validators.filter((validator) => validator.enabled && validator.emailConfirmed);
  if (ready.length >= needed) return;
  const lacking = validators
    .filter((validator) => !ready.includes(validator))
    .map((validator) => ({
      en: `${validator.name} (${validator.enabled ? 'email not confirmed' : 'disabled'})`,
      fr: `${validator.name} (${validator.enabled ? 'e-mail non confirmé' : 'désactivé'})`,
    }));
  const list = (language: 'en' | 'fr') =>
    lacking.length > 0 ? lacking.map((item) => item[language]).join(', ') : language === 'en' ? 'none' : 'aucun';
  throw ruleErrors.TooFewTokenValidators({
    Policy: policy,
    Needed: needed,
    Ready: ready.length,
    Lacking: { en: list('en'), fr: list('fr') },
  });
}
