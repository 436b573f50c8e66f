import { useEffect, useState } from 'react';
import { call, errorMessage } from '../api/api.js';

/**
 * The token of the mailed link the page was opened from, kept out of the address bar, and
 * whether the link still works: a used, replaced or expired link says so before anything is typed.
 */
export function useMailedLink(purpose: 'reset-password' | 'invitation') {
  const [token] = useState(() => window.location.hash.slice(1));
  const [dead, setDead] = useState<string>();
  useEffect(() => {
    window.history.replaceState(null, '', window.location.pathname);
    call('ReadPasswordLink', { Token: token, Purpose: purpose }).catch((error: unknown) =>
      setDead(errorMessage(error)),
    );
  }, [token, purpose]);
  return { token, dead };
}
