import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { NewPasswordFields } from '../components/new-password-fields.js';
import { useMailedLink } from './use-mailed-link.js';

/** Where an invitation lands: the new user chooses their own password. The token stays out of the address bar. */
export function AcceptInvitationPage({ onSignIn }: { onSignIn: () => void }) {
  const { t, i18n } = useTranslation();
  const { token, dead } = useMailedLink('invitation');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [email, setEmail] = useState<string>();
  const { errors, setErrors, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== confirmation) {
      setErrors({ Confirmation: t('password.mismatch') });
      return;
    }
    await run(
      async () =>
        setEmail(
          (
            await call('AcceptInvitation', {
              Token: token,
              Password: password,
              Language: i18n.language === 'fr' ? 'fr' : 'en',
            })
          ).Email,
        ),
      ['Password'],
    );
  };
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('invitation.title')}</h1>
      {email ? (
        <>
          <p role="status">{t('invitation.done', { email })}</p>
          <button type="button" onClick={onSignIn}>
            {t('forgot.signIn')}
          </button>
        </>
      ) : dead ? (
        <>
          <ErrorBanner message={dead} />
          <button type="button" onClick={onSignIn}>
            {t('forgot.signIn')}
          </button>
        </>
      ) : (
        <>
          <p>{t('invitation.intro')}</p>
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
            {t('invitation.submit')}
          </button>
        </>
      )}
    </form>
  );
}
