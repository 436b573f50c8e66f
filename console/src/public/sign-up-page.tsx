import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useProviders } from '../api/external-sign-in.js';
import { usePasswordRule } from '../api/password-rule.js';
import { i18n } from '../app/i18n.js';
import { ADDRESS_SHAPE } from '../components/address-shape.js';
import { ErrorBanner } from '../components/error-banner.js';
import { PasswordField, TextField } from '../components/fields.js';
import { ProviderButtons } from '../components/provider-buttons.js';
import { useSubmit } from './use-submit.js';

const SIGN_UP_FIELDS = ['Email', 'Password', 'FirstName', 'LastName'] as const;

/** Sign-up ends in the mailbox: the link mailed to the address confirms it and signs the owner in. */
export function SignUpPage({ onSignIn }: { onSignIn: () => void }) {
  const { t } = useTranslation();
  const [sentTo, setSentTo] = useState<string>();
  const [values, setValues] = useState<Record<(typeof SIGN_UP_FIELDS)[number], string>>({
    Email: '',
    Password: '',
    FirstName: '',
    LastName: '',
  });
  const set = (field: (typeof SIGN_UP_FIELDS)[number]) => (value: string) => setValues({ ...values, [field]: value });
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  const {
    errors: refused,
    busy,
    submit: send,
  } = useSubmit(
    SIGN_UP_FIELDS,
    () => call('SignUp', { ...values, Language: language }),
    () => Promise.resolve(setSentTo(values.Email.trim())),
  );
  const rule = usePasswordRule();
  // What the form can tell by itself is told for every field at once; the API then judges the rest.
  const [missing, setMissing] = useState<Partial<Record<string, string>>>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = Object.fromEntries(
      Object.entries({
        FirstName: values.FirstName.trim() ? undefined : t('signUp.firstNameMissing'),
        LastName: values.LastName.trim() ? undefined : t('signUp.lastNameMissing'),
        Email: ADDRESS_SHAPE.test(values.Email.trim()) ? undefined : t('signUp.emailInvalid'),
        Password: rule.tooShort(values.Password),
      }).filter(([, message]) => message !== undefined),
    );
    setMissing(found);
    if (Object.keys(found).length === 0) await send(event);
  };
  const errors: Partial<Record<string, string>> = Object.keys(missing).length > 0 ? missing : refused;
  const providers = useProviders();
  if (sentTo)
    return (
      <section className="card narrow" aria-labelledby="check-mail-title">
        <h1 id="check-mail-title">{t('signUp.checkMail')}</h1>
        <p role="status">{t('signUp.sent', { email: sentTo })}</p>
        <p className="hint">{t('signUp.sentHint')}</p>
        <button type="button" className="secondary" onClick={onSignIn}>
          {t('signUp.signIn')}
        </button>
      </section>
    );
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('signUp.title')}</h1>
      <ErrorBanner message={errors.form} />
      <TextField
        label={t('field.FirstName')}
        name="FirstName"
        autoComplete="given-name"
        required
        value={values.FirstName}
        error={errors.FirstName}
        onChange={set('FirstName')}
      />
      <TextField
        label={t('field.LastName')}
        name="LastName"
        autoComplete="family-name"
        required
        value={values.LastName}
        error={errors.LastName}
        onChange={set('LastName')}
      />
      <TextField
        label={t('signIn.email')}
        name="Email"
        type="email"
        autoComplete="email"
        required
        value={values.Email}
        error={errors.Email}
        onChange={set('Email')}
      />
      <PasswordField
        label={t('signIn.password')}
        name="Password"
        autoComplete="new-password"
        required
        hint={rule.hint}
        value={values.Password}
        error={errors.Password}
        onChange={set('Password')}
      />
      <button type="submit" disabled={busy}>
        {t('signUp.submit')}
      </button>
      <ProviderButtons providers={providers} />
      <p>
        {t('signUp.haveAccount')}{' '}
        <button type="button" className="link" onClick={onSignIn}>
          {t('signUp.signIn')}
        </button>
      </p>
    </form>
  );
}
