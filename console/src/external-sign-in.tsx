import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, type Input, type Output } from './api.js';
import { ErrorBanner } from './fields.js';

export type Provider = Output<'ReadLoginProviders'>['Providers'][number];
export type Logins = Output<'ReadLogins'>;
type Intent = Input<'StartExternalSignIn'>['Intent'];

const RETURN_TO = 'tessera.returnTo';

/** The providers this server offers; none means no buttons at all. */
export function useProviders(): Provider[] {
  const [providers, setProviders] = useState<Provider[]>([]);
  useEffect(() => {
    call('ReadLoginProviders', {})
      .then(({ Providers }) => setProviders(Providers))
      .catch(() => setProviders([]));
  }, []);
  return providers;
}

/** Sends the browser to the provider; `returnTo` is where the callback page leads afterwards. */
export async function startExternalSignIn(provider: string, intent: Intent, returnTo = window.location.pathname): Promise<void> {
  const { AuthorizationUrl } = await call('StartExternalSignIn', { Provider: provider, Intent: intent });
  sessionStorage.setItem(RETURN_TO, returnTo);
  window.location.assign(AuthorizationUrl);
}

/** "Sign in with …" buttons, one per provider. */
export function ProviderButtons({ providers }: { providers: Provider[] }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  if (providers.length === 0) return null;
  return (
    <div className="providers">
      <p className="divider">{t('external.or')}</p>
      <ErrorBanner message={error} />
      {providers.map((provider) => (
        <button
          key={provider.Id}
          type="button"
          className="secondary wide"
          onClick={() => startExternalSignIn(provider.Id, 'SignIn', '/').catch((caught: unknown) => setError(caught instanceof CallError ? caught.details : String(caught)))}
        >
          {t('external.signInWith', { name: provider.Name })}
        </button>
      ))}
    </div>
  );
}

/** Where providers send the browser back: the query goes to the API once, then leaves the address bar. */
export function OidcCallbackPage({ onDone }: { onDone: (to: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const query = window.location.search;
    window.history.replaceState(null, '', window.location.pathname);
    const returnTo = sessionStorage.getItem(RETURN_TO) ?? '/';
    sessionStorage.removeItem(RETURN_TO);
    call('CompleteExternalSignIn', { Query: query })
      .then(() => onDone(returnTo))
      .catch((caught: unknown) => setError(caught instanceof CallError ? caught.details : String(caught)));
  }, [onDone]);
  return (
    <div className="card narrow">
      <h1>{t('external.title')}</h1>
      {error ? (
        <>
          <ErrorBanner message={error} />
          <button type="button" onClick={() => void onDone('/signin')}>
            {t('external.back')}
          </button>
        </>
      ) : (
        <p role="status">{t('external.working')}</p>
      )}
    </div>
  );
}
