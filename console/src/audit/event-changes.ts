import type { TFunction } from 'i18next';
import type { Output } from '../api/api.js';
import { en } from '../app/locales/en.js';

export type AuditEvent = Output<'ReadAuditLog'>['Events'][number];
/** A user as the reader knows them (their name), from the UserName an event gives; else as given. */
export type PersonName = (userName: string) => string;
type Change = AuditEvent['Changes'][number];

type Factor = keyof typeof en.events.factor;

const known =
  <K extends string>(table: Record<K, unknown>) =>
  (key: string): key is K =>
    Object.hasOwn(table, key);
const isDone = known(en.events.done);
const isStepAction = known(en.events.step);
const isField = known(en.events.field);
const isFactor = known(en.events.factor);
const isRight = known(en.rights);

/** Calls that only begin something: what they store (a challenge, a secret to confirm) is not yet a change. */
const FIRST_HALVES = new Set(['CreatePasskeyOptions', 'CreateTotp', 'StartExternalSignIn', 'StartPasskeySignIn']);

/** Input members an event lists that are not what changed: whom it names, a proof. */
const NOT_CHANGED = new Set(['UserName', 'CurrentPassword', 'DryRun', 'Intent', 'SecondStep']);

/**
 * A step that changes nothing by itself: the first half of a flow (the options of a passkey, a
 * secret to confirm), or a password checked while the second step is awaited.
 */
export function isStep(event: AuditEvent): boolean {
  if (event.Outcome !== 'success') return false;
  return FIRST_HALVES.has(event.Action) || event.Changes.some((change) => change.Field === 'SecondStep');
}

const valueOf = (event: AuditEvent, field: string): string | undefined => {
  const change = event.Changes.find((each) => each.Field === field);
  return change?.NewValue ?? change?.OldValue;
};

/** What the event acted on, as its sentence names it: the target, or the key, passkey or provider it made. */
function nameOf(event: AuditEvent): string {
  if (event.Target) return event.Target;
  for (const field of ['AccessKeyId', 'Name', 'Passkey', 'Provider']) {
    const value = valueOf(event, field);
    if (value) return value;
  }
  return '';
}

function listOf(items: readonly string[], language: string): string {
  return new Intl.ListFormat(language, { type: 'conjunction' }).format([...new Set(items)]);
}

/** The rights a change gave and took away: "rights (given: Token validator)". */
function rightsWords(t: TFunction, change: Change, language: string): string {
  const parse = (value: string | undefined): string[] => {
    try {
      const parsed: unknown = JSON.parse(value ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
    } catch {
      return [];
    }
  };
  const [before, after] = [parse(change.OldValue), parse(change.NewValue)];
  const label = (right: string) => (isRight(right) ? t(`rights.${right}`) : right);
  const given = after.filter((right) => !before.includes(right)).map(label);
  const removed = before.filter((right) => !after.includes(right)).map(label);
  const parts = [
    ...(given.length > 0 ? [t('events.value.rightsGiven', { rights: listOf(given, language) })] : []),
    ...(removed.length > 0 ? [t('events.value.rightsRemoved', { rights: listOf(removed, language) })] : []),
  ];
  return parts.length > 0 ? t('events.value.rights', { changes: parts.join('; ') }) : t('events.field.Rights');
}

function fieldWords(t: TFunction, change: Change, language: string): string {
  if (change.Field === 'Rights') return rightsWords(t, change, language);
  return isField(change.Field) ? t(`events.field.${change.Field}`) : change.Field;
}

/** The fields an event changed, as a list in the reader's language: "city and postal code". */
function fieldsOf(t: TFunction, event: AuditEvent, language: string): string {
  const fields = event.Changes.filter((change) => !NOT_CHANGED.has(change.Field)).map((change) =>
    fieldWords(t, change, language),
  );
  return fields.length > 0 ? listOf(fields, language) : t('events.value.nothing');
}

/** Advanced security's changes, each as what it now means: "turned on and nobody validates their own request". */
function securityWords(t: TFunction, event: AuditEvent, language: string): string {
  const clauses = event.Changes.flatMap((change): string[] => {
    if (change.Field === 'AdvancedSecurity')
      return [t(change.NewValue === 'true' ? 'events.value.advancedOn' : 'events.value.advancedOff')];
    if (change.Field === 'RequireSecondFactor')
      return [t(change.NewValue === 'true' ? 'events.value.requireOn' : 'events.value.requireOff')];
    if (
      change.Field === 'ValidationPolicy' &&
      (change.NewValue === 'AnyValidator' || change.NewValue === 'OtherValidator')
    )
      return [t(`events.value.${change.NewValue}`)];
    return [];
  });
  return clauses.length > 0 ? listOf(clauses, language) : fieldsOf(t, event, language);
}

/** The second factor a sign-in or a new proof used: "a code from the authenticator app". */
function factorOf(t: TFunction, event: AuditEvent): string {
  const change = event.Changes.find((each) => isFactor(each.Field));
  const factor: Factor = change && isFactor(change.Field) ? change.Field : 'any';
  return t(`events.factor.${factor}`, { name: change?.NewValue ?? '' });
}

function languageName(code: string | undefined, language: string): string {
  if (!code) return '';
  return new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
}

/** Where the words depend on the values: a key turned off, a language, a provider linked. */
function special(t: TFunction, event: AuditEvent, language: string, name: string): string | undefined {
  const fields = event.Changes.map((change) => change.Field);
  switch (event.Action) {
    case 'UpdateLanguage': {
      const change = event.Changes.find((each) => each.Field === 'Language');
      const [old, now] = [languageName(change?.OldValue, language), languageName(change?.NewValue, language)];
      return old ? t('events.done.UpdateLanguage', { old, new: now }) : t('events.value.languageSet', { new: now });
    }
    case 'UpdateAccessKey':
      if (fields.length === 1 && fields[0] === 'State')
        return t(valueOf(event, 'State') === 'ACTIVE' ? 'events.value.keyActivated' : 'events.value.keyDeactivated', {
          name,
        });
      return undefined;
    case 'UpdateUserDetails':
      return event.Target ? undefined : t('events.value.ownDetails', { fields: fieldsOf(t, event, language) });
    case 'UpdateAccountSecurity':
      return t('events.done.UpdateAccountSecurity', { fields: securityWords(t, event, language) });
    case 'CompleteExternalSignIn': {
      const intent = valueOf(event, 'Intent');
      if (intent === 'Link') return t('events.value.linked', { name });
      if (intent === 'Reauthenticate') return t('events.value.reauthenticated', { name });
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A change that was made, or a step taken, in the reader's words; undefined for an action without words. */
export function doneSentence(
  t: TFunction,
  event: AuditEvent,
  language: string,
  person: PersonName = (name) => name,
): string | undefined {
  const name = person(nameOf(event));
  const action: string = event.Action;
  if (isStep(event) && isStepAction(action)) return t(`events.step.${action}`, { name });
  const said =
    special(t, event, language, name) ??
    (isDone(action)
      ? t(`events.done.${action}`, {
          name,
          fields: fieldsOf(t, event, language),
          factor: factorOf(t, event),
        })
      : undefined);
  if (said === undefined || !event.Reason) return said;
  // Tessera's own acts say why (an operation cancelled after too many wrong tokens).
  return t('events.value.because', { what: said, reason: reasonWords(t, event.Reason) });
}

/**
 * What a request waiting for validation would change, for the calls whose sentence lists fields:
 * "city and postal code", "turned on"; undefined for the others.
 */
export function awaitedWords(t: TFunction, event: AuditEvent, language: string): string | undefined {
  const action: string = event.Action;
  if (!isDone(action) || !en.events.done[action].includes('{{fields}}')) return undefined;
  if (action === 'UpdateAccountSecurity') return securityWords(t, event, language);
  return event.Changes.some((change) => !NOT_CHANGED.has(change.Field)) ? fieldsOf(t, event, language) : undefined;
}

export function reasonWords(t: TFunction, reason: string): string {
  return Object.hasOwn(en.events.reason, reason)
    ? t(`events.reason.${reason as keyof typeof en.events.reason}`)
    : reason;
}
