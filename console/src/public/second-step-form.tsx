import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { passkeyAssertion } from '../api/passkeys.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { PasskeyButton } from '../components/passkey-button.js';
import { useSubmit } from './use-submit.js';

/**
 * The sign-in's second step: a passkey, a code of the authenticator app, or one of the recovery
 * codes — every way the user has is offered, and a way back to the first step.
 */
export function SecondStepForm({
  challenge,
  factors,
  onSignedIn,
  onBack,
}: {
  challenge: string;
  /** What the user has; unknown after a provider's sign-in, when every way is offered. */
  factors?: readonly string[];
  onSignedIn: () => Promise<void>;
  /** Back to the first step (another account, another way to sign in). */
  onBack?: () => void;
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
  // Recovery codes are kept with any second factor: offered even to someone with passkeys only.
  const codes = hasApp || recovery;
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('twoStep.signInTitle')}</h1>
      {(!factors || factors.includes('Passkey')) && (
        <>
          <PasskeyButton className={hasApp ? 'secondary' : undefined} onClick={() => void withPasskey()}>
            {t('twoStep.usePasskey')}
          </PasskeyButton>
          <ErrorBanner message={passkeyError} />
        </>
      )}
      {!codes && (
        <p>
          <button type="button" className="link" onClick={() => setRecovery(true)}>
            {t('twoStep.useRecoveryInstead')}
          </button>
        </p>
      )}
      {codes && (
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
          {hasApp && (
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
          )}
        </>
      )}
      {onBack && (
        <p>
          <button type="button" className="link" onClick={onBack}>
            {t('twoStep.back')}
          </button>
        </p>
      )}
    </form>
  );
}
