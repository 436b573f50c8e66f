import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Me } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { type RightDescription, RightsSwitches } from './rights-switches.js';

const EMPTY = { UserName: '', UserEmail: '', FirstName: '', LastName: '', PhoneNumber: '' };

/** A new user: named, optionally invited by email, with the rights the creator may grant. */
export function CreateUserForm({
  me,
  rights,
  onCreated,
}: {
  me: Me;
  rights: RightDescription[];
  onCreated: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [granted, setGranted] = useState<string[]>([]);
  const { errors, busy, run } = useAction({ PhoneNumber: t('users.phoneInSentence') });
  const set = (field: keyof typeof EMPTY) => (value: string) => setValues({ ...values, [field]: value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
    const created = await run(
      () => call('CreateUser', { UserName: values.UserName, ...given, Rights: granted }),
      [...Object.keys(EMPTY), 'Rights'],
    );
    if (created) {
      onCreated(
        values.UserEmail
          ? t('users.invited', { name: values.UserName, email: values.UserEmail })
          : t('users.created', { name: values.UserName }),
      );
      setValues(EMPTY);
      setGranted([]);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.create')}</h2>
      <ErrorBanner message={errors.form} />
      <div className="grid">
        <TextField
          label={t('users.userName')}
          name="UserName"
          required
          autoComplete="off"
          hint={t('users.userNameHint')}
          value={values.UserName}
          error={errors.UserName}
          onChange={set('UserName')}
        />
        <TextField
          label={t('users.email')}
          name="UserEmail"
          type="email"
          autoComplete="off"
          hint={t('users.inviteHint')}
          value={values.UserEmail}
          error={errors.UserEmail}
          onChange={set('UserEmail')}
        />
        <TextField
          label={t('field.FirstName')}
          name="FirstName"
          autoComplete="off"
          value={values.FirstName}
          error={errors.FirstName}
          onChange={set('FirstName')}
        />
        <TextField
          label={t('field.LastName')}
          name="LastName"
          autoComplete="off"
          value={values.LastName}
          error={errors.LastName}
          onChange={set('LastName')}
        />
        <TextField
          label={t('users.phone')}
          name="PhoneNumber"
          type="tel"
          autoComplete="off"
          hint={t('users.phoneHint')}
          value={values.PhoneNumber}
          error={errors.PhoneNumber}
          onChange={set('PhoneNumber')}
        />
      </div>
      <RightsSwitches rights={rights} value={granted} held={me.Rights} locked={false} onChange={setGranted} />
      <ErrorBanner message={errors.Rights} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('users.createSubmit')}
        </button>
      </div>
    </form>
  );
}
