import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { takeReturnTo } from '../api/external-sign-in.js';
import { ErrorBanner } from '../components/error-banner.js';

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
    const returnTo = takeReturnTo();
    call('CompleteExternalSignIn', { Query: query })
      .then(() => onDone(returnTo))
      .catch((caught: unknown) => setError(errorMessage(caught)));
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
