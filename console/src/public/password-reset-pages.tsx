import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ADDRESS_SHAPE } from '../components/address-shape.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { NewPasswordFields } from '../components/new-password-fields.js';
import { useMailedLink } from './use-mailed-link.js';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { errors, setErrors, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The API answers the same for any text (it must not tell which addresses exist), so a
    // mistyped address is caught here, at the field.
    if (!ADDRESS_SHAPE.test(email.trim())) {
      setErrors({ Email: t('forgot.invalid') });
      return;
    }
    if (await run(() => call('SendResetPasswordEmail', { Email: email }))) setSent(true);
  };
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('forgot.title')}</h1>
      {sent ? (
        <p role="status">{t('forgot.sent')}</p>
      ) : (
        <>
          <p>{t('forgot.intro')}</p>
          <ErrorBanner message={errors.form} />
          <TextField
            label={t('signIn.email')}
            name="Email"
            type="email"
            autoComplete="username"
            value={email}
            error={errors.Email}
            onChange={setEmail}
          />
          <button type="submit" disabled={busy}>
            {t('forgot.submit')}
          </button>
        </>
      )}
    </form>
  );
}

/** Where the reset link lands: the token is read from the fragment and kept out of the address bar. */
export function ResetPasswordPage({ onSignIn, onNewLink }: { onSignIn: () => void; onNewLink: () => void }) {
  const { t } = useTranslation();
  const { token, dead } = useMailedLink('reset-password');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { errors, setErrors, busy, run } = useAction();
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setErrors({ Confirmation: t('password.mismatch') });
      return;
    }
    if (await run(() => call('ResetAccountPassword', { Token: token, Password: password }), ['Password']))
      setDone(true);
  };
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('forgot.newTitle')}</h1>
      {done ? (
        <>
          <p role="status">{t('forgot.done')}</p>
          <button type="button" onClick={onSignIn}>
            {t('forgot.signIn')}
          </button>
        </>
      ) : dead ? (
        <>
          <ErrorBanner message={dead} />
          <button type="button" onClick={onNewLink}>
            {t('forgot.newLink')}
          </button>
        </>
      ) : (
        <>
          <ErrorBanner message={errors.form} />
          <NewPasswordFields
            name="Password"
            password={password}
            confirmation={confirmation}
            errors={errors}
            onPassword={setPassword}
            onConfirmation={setConfirmation}
          />
          <button type="submit" disabled={busy}>
            {busy ? t('common.saving') : t('forgot.save')}
          </button>
        </>
      )}
    </form>
  );
}
