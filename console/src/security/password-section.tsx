import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { PasswordField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { NewPasswordFields } from '../components/new-password-fields.js';
import { SectionFrame } from '../components/section-frame.js';

type Step = 'closed' | 'current' | 'new';

/**
 * Seed 001's flow: Modify, sign in again with the current password, then the new password
 * twice (a mismatch is caught here) and the choice to sign out of other devices.
 */
/** `onChanged` hears of a new password: the devices signed in have changed with it. */
export function PasswordSection({ email, onChanged }: { email: string; onChanged: () => void }) {
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
    const proved = await run(
      () => call('SignIn', { Email: email, Password: current }),
      [],
      // SignIn's refusal speaks to someone signing in; here only the current password was typed.
      (error) =>
        error instanceof CallError && error.status === 401 && error.code === '1'
          ? { field: 'CurrentPassword', message: t('password.currentWrong') }
          : undefined,
    );
    if (proved) setStep('new');
  };

  const change = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== confirmation) {
      setErrors({ Confirmation: t('password.mismatch') });
      return;
    }
    const done = await run(
      () => call('UpdatePassword', { CurrentPassword: current, NewPassword: next, SignOutOtherDevices: signOutOthers }),
      ['NewPassword', 'CurrentPassword'],
    );
    if (done) {
      setMessage(t('password.changed'));
      reset('closed');
      onChanged();
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
          <PasswordField
            label={t('password.current')}
            name="CurrentPassword"
            autoComplete="current-password"
            value={current}
            error={errors.CurrentPassword}
            onChange={setCurrent}
          />
          <FormButtons busy={busy} onCancel={() => reset('closed')} submitLabel={t('password.continue')} />
        </form>
      )}
      {step === 'new' && (
        <form onSubmit={(event) => void change(event)} noValidate>
          <ErrorBanner message={errors.form ?? errors.CurrentPassword} />
          <div className="grid">
            <NewPasswordFields
              name="NewPassword"
              password={next}
              confirmation={confirmation}
              errors={errors}
              onPassword={setNext}
              onConfirmation={setConfirmation}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={signOutOthers}
              onChange={(event) => setSignOutOthers(event.target.checked)}
            />{' '}
            {t('password.signOutOthers')}
          </label>
          <FormButtons busy={busy} onCancel={() => reset('closed')} submitLabel={t('password.submit')} />
        </form>
      )}
    </SectionFrame>
  );
}

/** Seed 000: someone who signs in only with a provider adds a password through a mailed link. */
export function AddPasswordSection() {
  const { t } = useTranslation();
  const { errors, busy, run } = useAction();
  const [sentTo, setSentTo] = useState<string>();
  return (
    <section className="card" aria-labelledby="add-password-title" data-section="password">
      <div className="section-head">
        <h2 id="add-password-title">{t('password.section')}</h2>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void run(async () => setSentTo((await call('SendAddPasswordEmail', {})).Email))}
        >
          {t('password.add')}
        </button>
      </div>
      <p className="hint">{t('password.addHelp')}</p>
      <ErrorBanner message={errors.form} />
      {sentTo && (
        <p role="status" className="notice">
          {t('password.addSent', { email: sentTo })}
        </p>
      )}
    </section>
  );
}
