import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { useSubmit } from './use-submit.js';

/** The sign-in's second step: a code of the authenticator app, or one of the recovery codes. */
export function SecondStepForm({ challenge, onSignedIn }: { challenge: string; onSignedIn: () => Promise<void> }) {
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
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('twoStep.signInTitle')}</h1>
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
    </form>
  );
}
