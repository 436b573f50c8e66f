import { useEffect, useState } from 'react';
import { call } from '../api/api.js';
import { useLoad } from '../api/use-load.js';

/**
 * The token of the mailed link the page was opened from, kept out of the address bar, and
 * whether the link still works: a used, replaced or expired link says so before anything is typed.
 */
export function useMailedLink(purpose: 'reset-password' | 'invitation') {
  const [token] = useState(() => window.location.hash.slice(1));
  useEffect(() => window.history.replaceState(null, '', window.location.pathname), []);
  const { error: dead } = useLoad(
    (signal) => call('ReadPasswordLink', { Token: token, Purpose: purpose }, { signal }),
    [token, purpose],
  );
  return { token, dead };
}
