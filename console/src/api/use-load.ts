import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { errorMessage } from './api.js';

export interface Loaded<T> {
  /** The last answer; kept while a reload runs so the page does not flicker. */
  data: T | undefined;
  /** Why the last load failed, in the API's words. */
  error: string | undefined;
  /** Loads again (after a change); resolves once the new answer is shown. */
  reload: () => Promise<void>;
}

/**
 * Loads what a page shows when it appears and whenever `deps` change. A load still running when
 * the page goes away, or when a newer load starts, is aborted and its answer ignored.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latestLoad = useRef(load);
  latestLoad.current = load;
  const running = useRef<AbortController>(undefined);

  const reload = useCallback(async () => {
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    try {
      const answer = await latestLoad.current(controller.signal);
      if (controller.signal.aborted) return;
      setData(answer);
      setError(undefined);
    } catch (caught) {
      if (!controller.signal.aborted) setError(errorMessage(caught));
    }
  }, []);

  useEffect(() => {
    void reload();
    return () => running.current?.abort();
    // The caller names what the load depends on, as with useEffect.
  }, deps);

  return { data, error, reload };
}
