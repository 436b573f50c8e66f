import { useEffect } from 'react';

/**
 * The pending banner and the Operations page show the same operations: a cancel in one must
 * show in the other at once, without waiting for the next page change.
 */
const listeners = new Set<() => void>();

/** Says that an operation was decided here (cancelled, validated): every list of them loads again. */
export function announceOperationsChanged(): void {
  for (const listener of listeners) listener();
}

/** Runs `reload` whenever an operation is decided elsewhere on the page. */
export function useOperationsChanged(reload: () => unknown): void {
  useEffect(() => {
    const listener = () => void reload();
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [reload]);
}
