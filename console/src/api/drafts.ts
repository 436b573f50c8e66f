import { CallError } from './api.js';

/**
 * What a person had typed in a form when their session ended under them, kept in this tab's
 * memory only — never in storage, never a password — and given back to the form once the same
 * user has signed in again.
 */
const drafts = new Map<string, Record<string, string>>();
let owner: string | undefined;

/** Keeps `values` for the form `key` when `error` says the session ended; anything else is the form's to show. */
export function keepDraftIfSessionEnded(error: unknown, key: string, values: Record<string, string>): void {
  if (error instanceof CallError && error.status === 401) drafts.set(key, values);
}

/** The draft of the form `key`, once: the form opens with it. */
export function takeDraft(key: string): Record<string, string> | undefined {
  const draft = drafts.get(key);
  drafts.delete(key);
  return draft;
}

/** Who is signed in now: drafts typed by someone else are dropped. */
export function draftsFor(userId: string): void {
  if (owner !== userId) drafts.clear();
  owner = userId;
}
