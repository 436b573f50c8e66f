import { useState } from 'react';
import { CallError, errorMessage } from './api.js';
import { fieldsOf } from './refusal-words.js';

/** The fields of `fields` that a refusal concerns, the one it is about first. */
export function fieldsNamed<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof CallError) || !error.refusal) return [];
  // A member of a list or object ("AdditionalEmails[2]") belongs to its field's input.
  const inputs = fieldsOf(error.refusal).map((field) => field.split(/[.[]/)[0]!);
  return inputs.filter((field): field is F => (fields as readonly string[]).includes(field));
}

/** Sees a refusal before the form shows it; returns a better way to say it, if it has one. */
export type OnRefused = (error: unknown) => { field: string; message: string } | undefined;

/**
 * Runs a form's calls: `busy` while they run, and a refusal's message filed under the first of
 * `fields` the API named, else under `form`. `onRefused` sees the refusal first, and may say it
 * better for this form.
 */
export function useAction() {
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
      setErrors(
        said ? { [said.field]: said.message } : { [fieldsNamed(error, fields)[0] ?? 'form']: errorMessage(error) },
      );
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run };
}
