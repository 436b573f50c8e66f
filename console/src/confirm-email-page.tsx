import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError } from './api.js';
import { ErrorBanner } from './fields.js';

/** Where the mailed link lands: the token is in the fragment, which never reaches a server log. */
export function ConfirmEmailPage({ onContinue }: { onContinue: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'working' | 'done' | string>('working');
  const [token] = useState(() => window.location.hash.slice(1));
  const sent = useRef(false);
  useEffect(() => {
    // The token is used once; keep it out of the history and of anything copied from the bar.
    window.history.replaceState(null, '', window.location.pathname);
    if (sent.current) return;
    sent.current = true;
    call('ConfirmEmail', { Token: token })
      .then(() => setState('done'))
      .catch((error: unknown) => setState(error instanceof CallError ? error.details : String(error)));
  }, [token]);
  return (
    <section className="card narrow" aria-live="polite">
      <h1>{t('confirm.title')}</h1>
      {state === 'working' ? <p>{t('confirm.working')}</p> : state === 'done' ? <p role="status">{t('confirm.done')}</p> : <ErrorBanner message={state} />}
      {state !== 'working' && (
        <button type="button" onClick={onContinue}>
          {t('confirm.continue')}
        </button>
      )}
    </section>
  );
}
