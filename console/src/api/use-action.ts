import { useState } from 'react';
import { CallError, errorMessage } from './api.js';

/** The fields of `fields` that a refusal names ("PhoneNumber is not a valid phone number"), in the order it names them. */
export function fieldsNamed<F extends string>(error: unknown, fields: readonly F[]): F[] {
  if (!(error instanceof CallError)) return [];
  const position = (field: string) => error.details.search(new RegExp(`\\b${field}\\b`));
  return fields.filter((field) => position(field) >= 0).sort((a, b) => position(a) - position(b));
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
