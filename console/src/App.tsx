import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, type Account, type Me } from './api.js';
import { AcceptInvitationPage } from './invitation-page.js';
import { UsersPage } from './users-page.js';
import { EmailLinkPage } from './email-link-page.js';
import { SignInPage, SignUpPage } from './auth-pages.js';
import { LANGUAGES, setLanguage, type Language } from './i18n.js';
import { isPage, OPEN_PAGES, usePage, type Page } from './navigation.js';
import { OidcCallbackPage, type Logins } from './external-sign-in.js';
import { ForgotPasswordPage, ResetPasswordPage } from './password-reset-pages.js';
import { PersonalSpace } from './personal-space.js';
import { SecurityPage } from './security-page.js';

const MENU_LABELS: Partial<Record<Page, 'app.space' | 'app.security' | 'app.users'>> = { '/': 'app.space', '/security': 'app.security', '/users': 'app.users' };

export function App() {
  const { t, i18n } = useTranslation();
  const [page, go] = usePage();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [me, setMe] = useState<Me>();
  const [logins, setLogins] = useState<Logins>();

  const loadAccount = useCallback(async () => {
    try {
      const [{ Accounts }, { UserDetails }, ways] = await Promise.all([call('ReadAccounts', {}), call('ReadUserDetails', {}), call('ReadLogins', {})]);
      setMe(UserDetails);
      setLogins(ways);
      setAccount(Accounts[0] ?? null);
    } catch (error) {
      if (error instanceof CallError && error.status === 401) setAccount(null);
      else throw error;
    }
  }, []);
  // Pages a user may not use are not offered; the API refuses them anyway.
  const menu: Page[] = me?.Rights.includes('ManageUsers') ? ['/', '/security', '/users'] : ['/', '/security'];

  useEffect(() => {
    void loadAccount();
  }, [loadAccount]);

  useEffect(() => {
    const signedOutPage = page === '/signin' || page === '/signup';
    if (account === null && !signedOutPage && !OPEN_PAGES.includes(page)) go('/signin');
    if (account && signedOutPage) go('/');
    if (account && page === '/users' && me && !me.Rights.includes('ManageUsers')) go('/');
  }, [account, me, page, go]);

  const reloadAndGo = useCallback(
    async (to: string) => {
      await loadAccount();
      go(isPage(to) ? to : '/');
    },
    [loadAccount, go],
  );

  const signOut = async () => {
    await call('SignOut', {});
    setAccount(null);
    setMe(undefined);
    setLogins(undefined);
  };

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="bar">
        <span className="brand">{t('app.name')}</span>
        {account && (
          <nav aria-label={t('app.menu')} className="menu">
            {menu.map((target) => (
              <a
                key={target}
                href={target}
                aria-current={page === target ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go(target);
                }}
              >
                {t(MENU_LABELS[target] ?? 'app.space')}
              </a>
            ))}
          </nav>
        )}
        <div className="bar-actions">
          <label>
            <span className="visually-hidden">{t('app.language')}</span>
            <select value={i18n.language} onChange={(event) => setLanguage(event.target.value as Language)} aria-label={t('app.language')}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {language === 'fr' ? 'Français' : 'English'}
                </option>
              ))}
            </select>
          </label>
          {account && (
            <button type="button" className="secondary" onClick={() => void signOut()}>
              {t('app.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main">
        {page === '/forgot-password' ? (
          <ForgotPasswordPage />
        ) : page === '/reset-password' ? (
          // A reset signs every device out, this one included: what the app knows is stale.
          <ResetPasswordPage onSignIn={() => void reloadAndGo('/signin')} />
        ) : page === '/oidc/callback' ? (
          <OidcCallbackPage onDone={reloadAndGo} />
        ) : page === '/accept-invitation' ? (
          <AcceptInvitationPage onSignIn={() => go('/signin')} />
        ) : page === '/confirm-email' || page === '/cancel-email-change' ? (
          <EmailLinkPage
            action={page === '/confirm-email' ? 'confirm' : 'cancel'}
            onContinue={() => {
              void loadAccount();
              go(account ? '/' : '/signin');
            }}
          />
        ) : account === undefined || (account && !me) ? null : account && me ? (
          page === '/security' ? (
            <SecurityPage email={me.Email ?? account.Email} logins={logins} onLoginsChanged={() => void loadAccount()} />
          ) : page === '/users' && me.Rights.includes('ManageUsers') ? (
            <UsersPage me={me} />
          ) : (
            <PersonalSpace account={account} me={me} logins={logins} onChange={setAccount} onMeChange={setMe} />
          )
        ) : page === '/signup' ? (
          <SignUpPage onSignedIn={loadAccount} onSignIn={() => go('/signin')} />
        ) : (
          <SignInPage onSignedIn={loadAccount} onSignUp={() => go('/signup')} onForgot={() => go('/forgot-password')} />
        )}
      </main>
    </>
  );
}
