import type { WriteCallName } from '../calls/index.js';

/**
 * Every action an operation may hold: each write call of the registry (under advanced security
 * any of them may write a sensitive change, and wait), and the link of a provider's login that
 * the sign-in flow asks for. A platform's operation says itself what it does (its Summary).
 */
export type OperationAction = WriteCallName | 'LinkLogin';

/** A change as an operation lists it (domain/operations.ts), as the console receives it too. */
export interface ListedChange {
  Field: string;
  OldValue?: string;
  NewValue?: string;
  Secret?: boolean;
}

/** What an action's sentence knows: who it concerns, and the values its operation lists. */
export interface ActionFacts {
  /** The person the action concerns, by name: the user it acts on, else the one who asked. */
  who: string;
  /** Each listed field's value after the change, as listed ("true", '["TokenValidator"]'); secrets are absent. */
  value: Readonly<Record<string, string>>;
  /** Each listed field's value before, where the operation knows it. */
  was: Readonly<Record<string, string>>;
  /** How this language lists items: "a, b and c". */
  list: (items: readonly string[]) => string;
  /** A right as the console names it. */
  right: (name: string) => string;
}

export type ActionSentence = (facts: ActionFacts) => string;

/** One sentence per action, in one language: `tsc` fails while a write call lacks one. */
export type ActionSentences = { readonly [A in OperationAction]: ActionSentence };

/** How one language names the fields and values an operation lists, as the console's forms do. */
export interface FieldWords {
  /** Field names as the forms label them; a field not here (a platform's) is shown as named. */
  labels: Readonly<Record<string, string>>;
  /** The users' form labels some fields otherwise than the account's profile does. */
  userLabels: Readonly<Record<string, string>>;
  /** Values that are codes, by field: a boolean's "true"/"false", a policy, a state, a language. */
  values: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A boolean of a field without words of its own. */
  yesNo: Readonly<Record<'true' | 'false', string>>;
  rights: Readonly<Record<string, string>>;
  noRight: string;
  /** An empty value, or none. */
  notSet: string;
  /** A secret's new value, never shown. */
  secret: string;
  /** The account's owner, who has no user name. */
  owner: string;
  list: (items: readonly string[]) => string;
}

/** The items of a value listed as JSON (the Rights), or none. */
export function itemsOf(listed: string | undefined): string[] {
  if (listed === undefined || listed === '') return [];
  try {
    const parsed: unknown = JSON.parse(listed);
    return Array.isArray(parsed) ? parsed.map(String) : [listed];
  } catch {
    return [listed];
  }
}

/** The rights a change of Rights grants and takes away. */
export function rightsChange(facts: Pick<ActionFacts, 'value' | 'was'>): { added: string[]; removed: string[] } {
  const now = itemsOf(facts.value.Rights);
  const before = itemsOf(facts.was.Rights);
  return {
    added: now.filter((right) => !before.includes(right)),
    removed: before.filter((right) => !now.includes(right)),
  };
}

/** Whether the listed values change only these fields. */
export function onlyFields(facts: Pick<ActionFacts, 'value'>, ...fields: string[]): boolean {
  return Object.keys(facts.value).every((field) => fields.includes(field));
}
