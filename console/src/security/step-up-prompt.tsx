import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { TextField } from '../components/fields.js';

/**
 * A change needs a recent sign-in and the person has an authenticator app: its code, the
 * strongest proof they have, stands for signing in again; then the change is tried again.
 */
export function StepUpPrompt({ onConfirmed }: { onConfirmed: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const { errors, busy, run } = useAction();
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('ReauthenticateWithSecondFactor', { TotpCode: code }), ['TotpCode'])) onConfirmed();
  };
  return (
    <form onSubmit={(event) => void confirm(event)} noValidate data-step-up>
      <TextField
        label={t('twoStep.stepUpLabel')}
        name="TotpCode"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        value={code}
        error={errors.TotpCode ?? errors.form}
        hint={t('twoStep.stepUpHint')}
        onChange={setCode}
      />
      <button type="submit" disabled={busy}>
        {t('twoStep.stepUpConfirm')}
      </button>
    </form>
  );
}
