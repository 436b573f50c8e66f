import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { takeReturnTo } from '../api/external-sign-in.js';
import { ErrorBanner } from '../components/error-banner.js';
import { SecondStepForm } from './second-step-form.js';

/** Where providers send the browser back: the query goes to the API once, then leaves the address bar. */
export function OidcCallbackPage({ onDone }: { onDone: (to: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  const [secondStep, setSecondStep] = useState<{ challenge: string; returnTo: string }>();
  // Linking under advanced security waits, as an operation, for a token validator.
  const [waiting, setWaiting] = useState<string>();
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const query = window.location.search;
    window.history.replaceState(null, '', window.location.pathname);
    const returnTo = takeReturnTo();
    call('CompleteExternalSignIn', { Query: query })
      .then(({ SecondFactorChallenge, Operation }) => {
        if (Operation) setWaiting(Operation.OperationId);
        else if (SecondFactorChallenge) setSecondStep({ challenge: SecondFactorChallenge, returnTo });
        else void onDone(returnTo);
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, [onDone]);
  // The provider's sign-in is one factor: a user with a second one gives it here.
  if (secondStep)
    return <SecondStepForm challenge={secondStep.challenge} onSignedIn={() => onDone(secondStep.returnTo)} />;
  return (
    <div className="card narrow">
      <h1>{t('external.title')}</h1>
      {waiting ? (
        <>
          <p role="status">{t('external.linkWaiting', { id: waiting })}</p>
          <button type="button" onClick={() => void onDone(`/operations?id=${encodeURIComponent(waiting)}`)}>
            {t('external.toOperations')}
          </button>
        </>
      ) : error ? (
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
