import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { onSessionEnded } from '../api/session-end.js';
import { Loading } from '../components/loading.js';
import { PendingBanner } from '../operations/pending-banner.js';
import { EnrolmentRequired } from '../security/enrolment-required.js';
import { BrandFooter } from './brand-footer.js';
import { type Language, setLanguage } from './i18n.js';
import { usePage } from './navigation.js';
import { allowed, type AppContext, ROUTES } from './routes.js';
import { TopBar } from './top-bar.js';
import { useSession } from './use-session.js';
import { openAddress, rememberReturn, rememberWanted, signInAgain, takeWanted } from './wanted-address.js';

/** Focus goes to the page's title when the page changes, or when its visitor signs in or out. */
function useTitleFocus(shownAs: string): void {
  useEffect(() => {
    const title = document.querySelector<HTMLElement>('main h1');
    if (!title || title.contains(document.activeElement)) return;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }, [shownAs]);
}

export function App() {
  const { t } = useTranslation();
  const [page, go] = usePage();
  const session = useSession();
  const { account, me, logins, mustEnrol, reload, forget } = session;

  const reloadAndGo = useCallback(
    async (to: string) => {
      await reload();
      openAddress(to, go);
    },
    [reload, go],
  );
  const [ended, setEnded] = useState(false);
  // Signing out on purpose leaves the page for good: the next sign-in starts at home.
  const signingOut = useRef(false);
  const app: AppContext = useMemo(
    () => ({ go, reload, reloadAndGo, sessionEnded: ended }),
    [go, reload, reloadAndGo, ended],
  );
  // A 401 while signed in: to sign-in with a sentence, then back to this page.
  useEffect(() => {
    if (!account) return undefined;
    onSessionEnded(() => {
      // Open pages (a reset link, say) end sessions on purpose and say so themselves.
      if (ROUTES[page].audience !== 'signed-in') return;
      rememberWanted();
      setEnded(true);
      forget();
    });
    return () => onSessionEnded(undefined);
  }, [account, page, forget]);

  useEffect(() => {
    rememberReturn();
    void reload();
  }, [reload]);

  const route = ROUTES[page];
  // Send the visitor where they belong once we know whether they are signed in: a signed-out
  // visitor of a page (a mailed link, a bookmark) signs in, then lands on that very address.
  useEffect(() => {
    if (account === null && route.audience === 'signed-in') {
      if (!signingOut.current) rememberWanted();
      signingOut.current = false;
      go('/signin');
    }
    if (account && route.audience === 'signed-out' && !signInAgain()) {
      openAddress(takeWanted() ?? '/', go);
      setEnded(false);
    }
    if (account && me && !allowed(route, me)) go('/');
  }, [account, me, route, go]);

  const chooseLanguage = async (language: Language) => {
    setLanguage(language);
    // The page switches at once; keeping the choice with the person may fail (offline) without harm.
    if (account) await call('UpdateLanguage', { Language: language }).catch(() => undefined);
  };

  const signedIn =
    account && me ? { account, me, logins, setAccount: session.setAccount, setMe: session.setMe } : undefined;
  useTitleFocus(`${page}:${signedIn ? 'in' : account === null ? 'out' : 'loading'}`);
  const content =
    route.audience === 'anyone'
      ? route.element(app)
      : route.audience === 'signed-out'
        ? (account === null || (account && signInAgain())) && route.element(app)
        : signedIn &&
          (mustEnrol ? (
            <EnrolmentRequired onEnrolled={reload} />
          ) : (
            allowed(route, signedIn.me) && route.element(app, signedIn)
          ));

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <TopBar
        signedIn={signedIn}
        page={page}
        go={go}
        onLanguage={(language) => void chooseLanguage(language)}
        onSignOut={() => {
          signingOut.current = true;
          void session.signOut();
        }}
      />
      <main id="main">
        {signedIn && <PendingBanner userName={signedIn.me.UserName ?? 'owner'} page={page} />}
        {account === undefined ? <Loading /> : content || null}
      </main>
      <BrandFooter />
    </>
  );
}
