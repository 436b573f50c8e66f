import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Me, type UserDetails } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { phoneForPeople } from '../components/contact-formats.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { type RightDescription, RightsSwitches } from './rights-switches.js';

const FIELDS = ['LastName', 'FirstName', 'PhoneNumber', 'Email', 'Rights'] as const;

/** Seed 002's Modify window: last name, first name, phone, email and the rights as switches, then Validate. */
export function ModifyUserDialog({
  user,
  me,
  rights,
  onClose,
  onSaved,
}: {
  user: UserDetails;
  me: Me;
  rights: RightDescription[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState({
    LastName: user.LastName ?? '',
    FirstName: user.FirstName ?? '',
    PhoneNumber: user.PhoneNumber ? phoneForPeople(user.PhoneNumber) : '',
    Email: user.Email ?? '',
  });
  const [granted, setGranted] = useState<string[]>(user.Rights);
  const { errors, busy, run } = useAction({ PhoneNumber: t('users.phoneInSentence') });
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const self = user.UserId === me.UserId;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const emailChanged = values.Email.trim() !== (user.Email ?? '') && values.Email.trim() !== '';
    const saved = await run(
      () =>
        call('UpdateUserDetails', {
          UserName: user.UserName ?? '',
          LastName: values.LastName,
          FirstName: values.FirstName,
          PhoneNumber: values.PhoneNumber,
          ...(emailChanged ? { Email: values.Email.trim() } : {}),
          ...(self ? {} : { Rights: granted }),
        }),
      FIELDS,
    );
    if (saved) onSaved();
  };
  const set = (field: keyof typeof values) => (value: string) => setValues({ ...values, [field]: value });
  return (
    <dialog ref={dialog} className="modal" aria-labelledby="modify-title" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="modify-title">{t('users.modifyTitle', { name: user.UserName })}</h2>
        <ErrorBanner message={errors.form} />
        <div className="grid">
          <TextField
            label={t('field.LastName')}
            name="LastName"
            value={values.LastName}
            error={errors.LastName}
            onChange={set('LastName')}
          />
          <TextField
            label={t('field.FirstName')}
            name="FirstName"
            value={values.FirstName}
            error={errors.FirstName}
            onChange={set('FirstName')}
          />
          <TextField
            label={t('users.phone')}
            name="PhoneNumber"
            type="tel"
            hint={t('users.phoneHint')}
            value={values.PhoneNumber}
            error={errors.PhoneNumber}
            onChange={set('PhoneNumber')}
          />
          <TextField
            label={t('users.email')}
            name="Email"
            type="email"
            hint={user.InvitationPending ? t('users.emailHintInvited') : t('users.emailHint')}
            value={values.Email}
            error={errors.Email}
            onChange={set('Email')}
          />
        </div>
        <RightsSwitches rights={rights} value={granted} held={me.Rights} locked={self} onChange={setGranted} />
        <ErrorBanner message={errors.Rights} />
        <div className="buttons">
          <button type="submit" disabled={busy}>
            {t('users.validate')}
          </button>
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
