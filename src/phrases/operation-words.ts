import type { Language } from '../domain/errors.js';
import { itemsOf, type ActionFacts, type ActionSentence, type FieldWords, type ListedChange } from './action-facts.js';
import { actions as actionsEn } from './en/actions.js';
import { fieldWords as fieldsEn } from './en/fields.js';
import { actions as actionsFr } from './fr/actions.js';
import { fieldWords as fieldsFr } from './fr/fields.js';

/**
 * How an operation is said to a person, in the server's mails and on the console's Operations
 * page alike: what it does in a sentence, its changes with the fields named as the forms name
 * them and the values in words, and who asked.
 */
export const ACTION_SENTENCES = { en: actionsEn, fr: actionsFr };
export const FIELD_WORDS: Readonly<Record<Language, FieldWords>> = { en: fieldsEn, fr: fieldsFr };

/** A person as an operation names them (pipeline/people.ts). */
export interface NamedPerson {
  UserName: string;
  DisplayName: string;
  Email?: string;
}

/** An operation as the API lists it, with what saying it needs. */
export interface SaidOperation {
  Action: string;
  /** A platform's action says itself what it does, in the reader's language. */
  Summary?: string;
  Changes: readonly ListedChange[];
  Requester?: NamedPerson;
  /** The user it acts on, when it names one. */
  Subject?: NamedPerson;
}

/** One change, said: the field as its form labels it, and the values in words. */
export interface SaidChange {
  field: string;
  label: string;
  /** Absent when the operation does not know the value before (a creation, or a call that does not read it). */
  before?: string;
  after: string;
}

/** The owner's name in operations (pipeline/people.ts), who has no user name of their own. */
const OWNER = 'owner';

/** Proofs of the person, and the links' tokens: what the request carries, not what it changes. */
const PROOFS = new Set([
  'CurrentPassword',
  'Token',
  'Code',
  'Query',
  'Challenge',
  'Credential',
  'TotpCode',
  'RecoveryCode',
  'DryRun',
]);
/** What the sentence names the thing acted on by: no change of its own. */
const IDENTIFIERS = new Set(['AccessKeyId', 'PasskeyId', 'SessionId', 'OperationId', 'Intent']);
/** Only CreateUser sets a UserName: every other call names its user with it. */
const SETS_USER_NAME = new Set(['CreateUser']);
/** The users' form names some fields otherwise than the account's profile. */
const USER_FORM = new Set(['CreateUser', 'UpdateUserDetails', 'UpdateUser']);
/** A renaming lists the new name; the old one is the name it acts on. */
const BEFORE_FROM: Readonly<Record<string, string>> = { NewUserName: 'UserName' };

/** "Alice Martin (alice)"; the owner: "Jean Dupont (account owner)". */
export function sayPerson(person: NamedPerson | undefined, language: Language): string {
  if (!person) return '';
  const userName = person.UserName === OWNER ? FIELD_WORDS[language].owner : person.UserName;
  if (person.DisplayName === person.UserName) return userName;
  return `${person.DisplayName} (${userName})`;
}

/** The person an action concerns, by their name: the user it acts on, else who asked. */
function whoOf(operation: SaidOperation, language: Language): string {
  const person = operation.Subject ?? operation.Requester;
  if (!person) return '';
  return person.DisplayName === OWNER && person.UserName === OWNER ? FIELD_WORDS[language].owner : person.DisplayName;
}

/** A value as a person reads it: rights by their names, codes in words, an empty one "not set". */
export function sayValue(field: string, value: string | undefined, language: Language): string {
  const words = FIELD_WORDS[language];
  if (value === undefined || value === '') return words.notSet;
  if (field === 'Rights') {
    const rights = itemsOf(value);
    return rights.length > 0 ? rights.map((right) => words.rights[right] ?? right).join(', ') : words.noRight;
  }
  if (field === 'AdditionalEmails') return itemsOf(value).join(', ') || words.notSet;
  const coded = words.values[field]?.[value];
  if (coded !== undefined) return coded;
  if (value === 'true' || value === 'false') return words.yesNo[value];
  return value;
}

/** Phones are stored as E.164 and sent as people write them ("+33 6 12 34 56 78"). */
const PHONES = new Set(['PhoneNumber', 'MobileNumber']);

/** A value as it compares: a phone without its spaces, dots, dashes and brackets. */
function compared(field: string, value: string): string {
  return PHONES.has(field) ? value.replace(/[\s.()-]/g, '') : value;
}

/** A field a form sends as it was (the Modify window sends them all): nothing to validate there. */
function unchanged(change: ListedChange): boolean {
  if (change.Secret || change.OldValue === undefined) return false;
  return compared(change.Field, change.OldValue) === compared(change.Field, change.NewValue ?? '');
}

function factsOf(operation: SaidOperation, language: Language): ActionFacts {
  const words = FIELD_WORDS[language];
  const value: Record<string, string> = {};
  const was: Record<string, string> = {};
  for (const change of operation.Changes) {
    if (change.Secret || unchanged(change)) continue;
    if (change.NewValue !== undefined) value[change.Field] = change.NewValue;
    if (change.OldValue !== undefined) was[change.Field] = change.OldValue;
  }
  return {
    who: whoOf(operation, language),
    value,
    was,
    list: words.list,
    right: (name) => words.rights[name] ?? name,
  };
}

/** What the operation does, in one sentence: "Turn on advanced security", a platform's own words. */
export function sayAction(operation: SaidOperation, language: Language): string {
  if (operation.Summary) return operation.Summary;
  const sentences = ACTION_SENTENCES[language] as Readonly<Record<string, ActionSentence | undefined>>;
  const sentence = sentences[operation.Action];
  return sentence ? sentence(factsOf(operation, language)) : operation.Action;
}

/** The changes a person needs to see, said: proofs and what only names the thing acted on left out. */
export function sayChanges(operation: SaidOperation, language: Language): SaidChange[] {
  const words = FIELD_WORDS[language];
  const platform = Boolean(operation.Summary);
  const userForm = !platform && USER_FORM.has(operation.Action);
  const listed = (field: string) =>
    platform ||
    !(PROOFS.has(field) || IDENTIFIERS.has(field) || (field === 'UserName' && !SETS_USER_NAME.has(operation.Action)));
  const label = (field: string) =>
    (userForm ? words.userLabels[field] : undefined) ?? (platform ? undefined : words.labels[field]) ?? field;
  const changes = operation.Changes.filter((change) => listed(change.Field) && !unchanged(change));
  return changes.map((change): SaidChange => {
    const from = BEFORE_FROM[change.Field];
    const old = change.OldValue ?? operation.Changes.find((other) => from && other.Field === from)?.NewValue;
    return {
      field: change.Field,
      label: label(change.Field),
      ...(old !== undefined ? { before: sayValue(change.Field, old, language) } : {}),
      after: change.Secret ? words.secret : sayValue(change.Field, change.NewValue, language),
    };
  });
}

/** A change on one line of a mail: "Advanced security: Off → On", "Tag: ci" (French puts a space before the colon). */
export function changeLine(change: SaidChange, language: Language): string {
  const colon = language === 'fr' ? ' : ' : ': ';
  return `${change.label}${colon}${change.before !== undefined ? `${change.before} → ` : ''}${change.after}`;
}
