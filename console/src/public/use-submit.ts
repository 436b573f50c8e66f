import type { FormEvent } from 'react';
import { useAction } from '../api/use-action.js';

/** A public form's submit: runs `send` through useAction, then `onDone` when it succeeded. */
export function useSubmit(fields: readonly string[], send: () => Promise<unknown>, onDone: () => Promise<void>) {
  const { errors, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(send, fields)) await onDone();
  };
  return { errors, busy, submit };
}
