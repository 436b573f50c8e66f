import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { passkeyAssertion } from '../api/passkeys.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { useSubmit } from './use-submit.js';

/** The sign-in's second step: a code of the authenticator app, or one of the recovery codes. */
export function SecondStepForm({
  challenge,
  factors,
  onSignedIn,
}: {
  challenge: string;
  /** What the user has; unknown after a provider's sign-in, when every way is offered. */
  factors?: readonly string[];
  onSignedIn: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const { errors, busy, submit } = useSubmit(
    ['TotpCode', 'RecoveryCode'],
    () =>
      call(
        'CompleteSignIn',
        recovery ? { Challenge: challenge, RecoveryCode: code } : { Challenge: challenge, TotpCode: code },
      ),
    onSignedIn,
  );
  const [passkeyError, setPasskeyError] = useState<string>();
  const withPasskey = async () => {
    setPasskeyError(undefined);
    try {
      await call('CompleteSignIn', { Challenge: challenge, Passkey: await passkeyAssertion() });
      await onSignedIn();
    } catch (caught) {
      if (!(caught instanceof Error && caught.name === 'NotAllowedError')) setPasskeyError(errorMessage(caught));
    }
  };
  const hasApp = !factors || factors.includes('Totp');
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('twoStep.signInTitle')}</h1>
      {(!factors || factors.includes('Passkey')) && (
        <>
          <button type="button" className={hasApp ? 'secondary' : undefined} onClick={() => void withPasskey()}>
            {t('twoStep.usePasskey')}
          </button>
          <ErrorBanner message={passkeyError} />
        </>
      )}
      {hasApp && (
        <>
          <p className="hint">{recovery ? t('twoStep.recoveryHelp') : t('twoStep.codeHelp')}</p>
          <ErrorBanner message={errors.form} />
          <TextField
            key={recovery ? 'recovery' : 'totp'}
            label={recovery ? t('twoStep.recoveryLabel') : t('twoStep.codeLabel')}
            name={recovery ? 'RecoveryCode' : 'TotpCode'}
            inputMode={recovery ? 'text' : 'numeric'}
            autoComplete="one-time-code"
            autoFocus
            required
            value={code}
            error={errors.TotpCode ?? errors.RecoveryCode}
            onChange={setCode}
          />
          <button type="submit" disabled={busy}>
            {t('twoStep.verify')}
          </button>
          <p>
            <button
              type="button"
              className="link"
              onClick={() => {
                setRecovery(!recovery);
                setCode('');
              }}
            >
              {recovery ? t('twoStep.useApp') : t('twoStep.useRecovery')}
            </button>
          </p>
        </>
      )}
    </form>
  );
}
