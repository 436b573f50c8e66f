import { useCallback, useState } from 'react';
import { type Account, call, CallError, type Me } from '../api/api.js';
import { draftsFor } from '../api/drafts.js';
import type { Logins } from '../api/external-sign-in.js';
import { maybeSignedIn } from '../api/session-end.js';
import { setLanguage } from './i18n.js';

/** Who is signed in, as the console knows it, and how it learns again or forgets. */
export interface Session {
  /** The account: undefined while not known yet, null when nobody is signed in. */
  account: Account | null | undefined;
  me: Me | undefined;
  logins: Logins | undefined;
  /** The account requires a second factor that this user has not enrolled: enrolment comes first. */
  mustEnrol: boolean;
  setAccount: (account: Account | null) => void;
  setMe: (me: Me) => void;
  /** Reads who is signed in again (after signing in, or a change of the account). */
  reload: () => Promise<void>;
  signOut: () => Promise<void>;
  /** Forgets who was signed in: the session ended elsewhere. */
  forget: () => void;
}

export function useSession(): Session {
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [me, setMe] = useState<Me>();
  const [logins, setLogins] = useState<Logins>();
  const [mustEnrol, setMustEnrol] = useState(false);

  const reload = useCallback(async () => {
    if (!maybeSignedIn()) {
      setAccount(null);
      return;
    }
    try {
      const [{ Accounts }, { UserDetails }, ways, factors] = await Promise.all([
        call('ReadAccounts', {}),
        call('ReadUserDetails', {}),
        call('ReadLogins', {}),
        call('ReadSecondFactors', {}),
      ]);
      setMustEnrol(factors.Required && !factors.Totp && factors.Passkeys === 0);
      draftsFor(UserDetails.UserId);
      setMe(UserDetails);
      // The language is the person's, stored with them: it follows them from device to device.
      setLanguage(UserDetails.Language);
      setLogins(ways);
      setAccount(Accounts[0] ?? null);
    } catch (error) {
      if (error instanceof CallError && error.status === 401) setAccount(null);
      else throw error;
    }
  }, []);

  const forget = useCallback(() => {
    setAccount(null);
    setMe(undefined);
    setLogins(undefined);
  }, []);

  const signOut = useCallback(async () => {
    await call('SignOut', {});
    forget();
  }, [forget]);

  return { account, me, logins, mustEnrol, setAccount, setMe, reload, signOut, forget };
}
