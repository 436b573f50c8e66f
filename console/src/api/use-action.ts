import { useState } from 'react';
import { CallError, errorMessage } from './api.js';
import { fieldsOf, sayRefusal, type FieldWords, type Refusal } from './refusal-words.js';

/** The fields of `fields` a refusal concerns, the one it is about first. */
function inputsOf<F extends string>(refusal: Refusal, fields: readonly F[]): F[] {
  // A member of a list or object ("AdditionalEmails[2]") belongs to its field's input.
  const inputs = fieldsOf(refusal).map((field) => field.split(/[.[]/)[0]!);
  return inputs.filter((field): field is F => (fields as readonly string[]).includes(field));
}

/** The fields of `fields` that a call's refusals concern. */
export function fieldsNamed<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof CallError)) return [];
  return [...new Set(error.refusals.flatMap((refusal) => inputsOf(refusal, fields)))];
}

/** Each refusal under the first of `fields` it concerns, else under `form`. */
function placed(error: unknown, fields: readonly string[], words: FieldWords): Record<string, string> {
  if (!(error instanceof CallError) || error.refusals.length === 0) return { form: errorMessage(error, words) };
  const messages: Record<string, string> = {};
  for (const refusal of error.refusals) {
    const where = inputsOf(refusal, fields)[0] ?? 'form';
    const message = sayRefusal(refusal, words) ?? refusal.detail ?? error.details;
    messages[where] = messages[where] ? `${messages[where]} ${message}` : message;
  }
  return messages;
}

/** Sees a refusal before the form shows it; returns a better way to say it, if it has one. */
export type OnRefused = (error: unknown) => { field: string; message: string } | undefined;

/**
 * Runs a form's calls: `busy` while they run, and each refused field's message filed under it
 * when it is one of `fields`, else under `form`. `onRefused` sees the refusal first, and may say
 * it better for this form. `words` names the form's fields inside a sentence where the console's
 * usual words do not fit it (a single "phone" field is not "the landline phone").
 */
export function useAction(words: FieldWords = {}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async (
    work: () => Promise<unknown>,
    fields: readonly string[] = [],
    onRefused?: OnRefused,
  ): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    try {
      await work();
      return true;
    } catch (error) {
      const said = onRefused?.(error);
      setErrors(said ? { [said.field]: said.message } : placed(error, fields, words));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run };
}
