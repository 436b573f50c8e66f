import { useState } from 'react';
import { errorMessage } from './api.js';

/**
 * The API names the field at fault in its message ("PhoneNumber is not a valid phone number");
 * the first of the form's fields so named gets the message, else the whole form does.
 */
function fieldOfError(details: string, fields: readonly string[]): string | undefined {
  return fields.find((field) => new RegExp(`\\b${field}\\b`).test(details));
}

/**
 * Runs a form's calls: `busy` while they run, and a refusal's message filed under the field the
 * API named (one of `fields`), else under `form`.
 */
export function useAction() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, fields: readonly string[] = []): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    try {
      await work();
      return true;
    } catch (error) {
      const details = errorMessage(error);
      setErrors({ [fieldOfError(details, fields) ?? 'form']: details });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { errors, setErrors, busy, run };
}
