import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { ErrorBanner } from '../components/error-banner.js';

/**
 * Where a mailed link lands — to confirm an address, or to cancel a change of address. The
 * token is in the fragment, which never reaches a server log.
 */
export function EmailLinkPage({ action, onContinue }: { action: 'confirm' | 'cancel'; onContinue: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'working' | 'done' | string>('working');
  const [token] = useState(() => window.location.hash.slice(1));
  const sent = useRef(false);
  useEffect(() => {
    // The token is used once; keep it out of the history and of anything copied from the bar.
    window.history.replaceState(null, '', window.location.pathname);
    if (sent.current) return;
    sent.current = true;
    (action === 'confirm' ? call('ConfirmEmail', { Token: token }) : call('CancelEmailChange', { Token: token }))
      .then(() => setState('done'))
      .catch((error: unknown) => setState(errorMessage(error)));
  }, [action, token]);
  return (
    <section className="card narrow" aria-live="polite">
      <h1>{action === 'confirm' ? t('confirm.title') : t('confirm.cancelTitle')}</h1>
      {state === 'working' ? (
        <p>{action === 'confirm' ? t('confirm.working') : t('confirm.cancelWorking')}</p>
      ) : state === 'done' ? (
        <p role="status">{action === 'confirm' ? t('confirm.done') : t('confirm.cancelDone')}</p>
      ) : (
        <ErrorBanner message={state} />
      )}
      {state !== 'working' && (
        <button type="button" onClick={onContinue}>
          {t('confirm.continue')}
        </button>
      )}
    </section>
  );
}
