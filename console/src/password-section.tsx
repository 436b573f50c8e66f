import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Account } from './api.js';
import { ErrorBanner, PasswordField } from './fields.js';
import { FormButtons, SectionFrame } from './profile-section.js';
import { useAction } from './use-action.js';

type Step = 'closed' | 'current' | 'new';

/**
 * Seed 001's flow: Modify, sign in again with the current password, then the new password
 * twice (a mismatch is caught here) and the choice to sign out of other devices.
 */
export function PasswordSection({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('closed');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [signOutOthers, setSignOutOthers] = useState(false);
  const { errors, setErrors, busy, run } = useAction();
  const [message, setMessage] = useState<string>();

  const reset = (to: Step) => {
    setCurrent('');
    setNext('');
    setConfirmation('');
    setSignOutOthers(false);
    setErrors({});
    setStep(to);
  };

  const signInAgain = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('SignIn', { Email: account.Email, Password: current }), [])) setStep('new');
  };

  const change = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirmation) {
      setErrors({ Confirmation: t('password.mismatch') });
      return;
    }
    const done = await run(() => call('UpdatePassword', { CurrentPassword: current, NewPassword: next, SignOutOtherDevices: signOutOthers }), ['NewPassword', 'CurrentPassword']);
    if (done) {
      setMessage(t('password.changed'));
      reset('closed');
    }
  };

  return (
    <SectionFrame
      id="password"
      title={t('password.section')}
      help={t('password.help')}
      editing={step !== 'closed'}
      onEdit={() => {
        setMessage(undefined);
        reset('current');
      }}
      editLabel={t('password.modify')}
    >
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {step === 'current' && (
        <form onSubmit={(event) => void signInAgain(event)} noValidate>
          <p>{t('password.step1')}</p>
          <ErrorBanner message={errors.form} />
          <PasswordField label={t('password.current')} name="CurrentPassword" autoComplete="current-password" value={current} onChange={setCurrent} />
          <FormButtons busy={busy} onCancel={() => reset('closed')} submitLabel={t('password.continue')} />
        </form>
      )}
      {step === 'new' && (
        <form onSubmit={(event) => void change(event)} noValidate>
          <ErrorBanner message={errors.form ?? errors.CurrentPassword} />
          <div className="grid">
            <PasswordField label={t('password.new')} name="NewPassword" autoComplete="new-password" value={next} error={errors.NewPassword} hint={t('signUp.passwordHint')} onChange={setNext} />
            <PasswordField label={t('password.confirmation')} name="Confirmation" autoComplete="new-password" value={confirmation} error={errors.Confirmation} onChange={setConfirmation} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={signOutOthers} onChange={(event) => setSignOutOthers(event.target.checked)} /> {t('password.signOutOthers')}
          </label>
          <FormButtons busy={busy} onCancel={() => reset('closed')} submitLabel={t('password.submit')} />
        </form>
      )}
    </SectionFrame>
  );
}
