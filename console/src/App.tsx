import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, type Account } from './api.js';
import { EmailLinkPage } from './email-link-page.js';
import { SignInPage, SignUpPage } from './auth-pages.js';
import { LANGUAGES, setLanguage, type Language } from './i18n.js';
import { OPEN_PAGES, usePage } from './navigation.js';
import { ForgotPasswordPage, ResetPasswordPage } from './password-reset-pages.js';
import { PersonalSpace } from './personal-space.js';
import { SecurityPage } from './security-page.js';

export function App() {
  const { t, i18n } = useTranslation();
  const [page, go] = usePage();
  const [account, setAccount] = useState<Account | null | undefined>(undefined);

  const loadAccount = useCallback(async () => {
    try {
      const { Accounts } = await call('ReadAccounts', {});
      setAccount(Accounts[0] ?? null);
    } catch (error) {
      if (error instanceof CallError && error.status === 401) setAccount(null);
      else throw error;
    }
  }, []);

  useEffect(() => {
    void loadAccount();
  }, [loadAccount]);

  useEffect(() => {
    const signedOutPage = page === '/signin' || page === '/signup';
    if (account === null && !signedOutPage && !OPEN_PAGES.includes(page)) go('/signin');
    if (account && signedOutPage) go('/');
  }, [account, page, go]);

  const signOut = async () => {
    await call('SignOut', {});
    setAccount(null);
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
            {(['/', '/security'] as const).map((target) => (
              <a
                key={target}
                href={target}
                aria-current={page === target ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  go(target);
                }}
              >
                {target === '/' ? t('app.space') : t('app.security')}
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
          <ResetPasswordPage onSignIn={() => go('/signin')} />
        ) : page === '/confirm-email' || page === '/cancel-email-change' ? (
          <EmailLinkPage
            action={page === '/confirm-email' ? 'confirm' : 'cancel'}
            onContinue={() => {
              void loadAccount();
              go(account ? '/' : '/signin');
            }}
          />
        ) : account === undefined ? null : account ? (
          page === '/security' ? (
            <SecurityPage account={account} />
          ) : (
            <PersonalSpace account={account} onChange={setAccount} />
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
