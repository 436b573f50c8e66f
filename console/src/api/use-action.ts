import { useState } from 'react';
import { errorMessage } from './api.js';
import { fieldOfError } from './field-of-error.js';

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
