import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Account, call, CallError, type Me } from '../api/api.js';
import { draftsFor } from '../api/drafts.js';
import type { Logins } from '../api/external-sign-in.js';
import { onSessionEnded } from '../api/session-end.js';
import { Loading } from '../components/loading.js';
import { PendingBanner } from '../operations/pending-banner.js';
import { EnrolmentRequired } from '../security/enrolment-required.js';
import { type Language, setLanguage } from './i18n.js';
import { isPage, type Page, usePage } from './navigation.js';
import { LanguageSelect, ProfileMenu } from './profile-menu.js';
import { allowed, type AppContext, menuOf, ROUTES } from './routes.js';

export function App() {
  const { t } = useTranslation();
  const [page, go] = usePage();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [me, setMe] = useState<Me>();
  const [logins, setLogins] = useState<Logins>();
  // The account requires a second factor that this user has not enrolled: enrolment comes first.
  const [mustEnrol, setMustEnrol] = useState(false);

  const reload = useCallback(async () => {
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
  const reloadAndGo = useCallback(
    async (to: string) => {
      await reload();
      go(isPage(to) ? to : '/');
    },
    [reload, go],
  );
  const [ended, setEnded] = useState(false);
  const returnTo = useRef<Page>(undefined);
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
      returnTo.current = page;
      setEnded(true);
      setAccount(null);
      setMe(undefined);
      setLogins(undefined);
    });
    return () => onSessionEnded(undefined);
  }, [account, page]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const route = ROUTES[page];
  // Send the visitor where they belong once we know whether they are signed in.
  useEffect(() => {
    if (account === null && route.audience === 'signed-in') go('/signin');
    if (account && route.audience === 'signed-out') {
      go(returnTo.current ?? '/');
      returnTo.current = undefined;
      setEnded(false);
    }
    if (account && me && !allowed(route, me)) go('/');
  }, [account, me, route, go]);

  const chooseLanguage = async (language: Language) => {
    setLanguage(language);
    // The page switches at once; keeping the choice with the person may fail (offline) without harm.
    if (account) await call('UpdateLanguage', { Language: language }).catch(() => undefined);
  };

  const signOut = async () => {
    await call('SignOut', {});
    setAccount(null);
    setMe(undefined);
    setLogins(undefined);
  };

  const signedIn = account && me ? { account, me, logins, setAccount, setMe } : undefined;
  // A new page, or the same one now signed in or out: focus goes to its title, as after a page load.
  const shownAs = `${page}:${signedIn ? 'in' : account === null ? 'out' : 'loading'}`;
  useEffect(() => {
    const title = document.querySelector<HTMLElement>('main h1');
    if (!title || title.contains(document.activeElement)) return;
    title.tabIndex = -1;
    title.focus({ preventScroll: true });
  }, [shownAs]);
  const content =
    route.audience === 'anyone'
      ? route.element(app)
      : route.audience === 'signed-out'
        ? account === null && route.element(app)
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
      <header className="bar">
        <span className="brand">{t('app.name')}</span>
        {signedIn && (
          <nav aria-label={t('app.menu')} className="menu">
            {menuOf(signedIn.me).map((entry) => (
              <a
                key={entry.page}
                href={entry.page}
                aria-current={page === entry.page ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go(entry.page);
                }}
              >
                {t(entry.label)}
              </a>
            ))}
          </nav>
        )}
        <div className="bar-actions">
          {signedIn ? (
            <ProfileMenu
              account={signedIn.account}
              me={signedIn.me}
              page={page}
              go={go}
              onLanguage={(language) => void chooseLanguage(language)}
              onSignOut={() => void signOut()}
            />
          ) : (
            <LanguageSelect onChange={(language) => void chooseLanguage(language)} />
          )}
        </div>
      </header>
      <main id="main">
        {signedIn && <PendingBanner userName={signedIn.me.UserName ?? 'owner'} page={page} />}
        {account === undefined ? <Loading /> : content || null}
      </main>
    </>
  );
}
