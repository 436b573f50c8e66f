import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Me } from '../api/api.js';
import { keepDraftIfSessionEnded, takeDraft } from '../api/drafts.js';
import { useAction } from '../api/use-action.js';
import { phoneForPeople } from '../components/contact-formats.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { SectionFrame, useEditing } from '../components/section-frame.js';

const FIELDS = ['FirstName', 'LastName', 'PhoneNumber'] as const;

/** A sub-user's own names and phone: what the Modify window of seed 002 holds about them. */
export function MyDetailsSection({ me, onSaved }: { me: Me; onSaved: (me: Me) => void }) {
  const { t } = useTranslation();
  const [kept] = useState(() => takeDraft('my-details'));
  const { editing, saved: justSaved, open, close } = useEditing(kept !== undefined);
  const [values, setValues] = useState<Record<(typeof FIELDS)[number], string>>({
    FirstName: '',
    LastName: '',
    PhoneNumber: '',
    ...kept,
  });
  const { errors, setErrors, busy, run } = useAction({ PhoneNumber: t('users.phoneInSentence') });
  const edit = () => {
    setValues({
      FirstName: me.FirstName ?? '',
      LastName: me.LastName ?? '',
      PhoneNumber: me.PhoneNumber ? phoneForPeople(me.PhoneNumber) : '',
    });
    setErrors({});
    open();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await run(
      async () => onSaved((await call('UpdateUserDetails', values)).UserDetails),
      FIELDS,
      (error) => {
        keepDraftIfSessionEnded(error, 'my-details', values);
        return undefined;
      },
    );
    if (saved) close(true);
  };
  return (
    <SectionFrame
      id="my-details"
      title={t('me.section')}
      help={t('me.help')}
      editing={editing}
      saved={justSaved}
      onEdit={edit}
    >
      {editing ? (
        <form onSubmit={(event) => void submit(event)} noValidate>
          {kept && (
            <p role="status" className="notice">
              {t('space.kept')}
            </p>
          )}
          <ErrorBanner message={errors.form} />
          <div className="grid">
            <TextField
              label={t('field.FirstName')}
              name="FirstName"
              autoComplete="given-name"
              value={values.FirstName}
              error={errors.FirstName}
              onChange={(v) => setValues({ ...values, FirstName: v })}
            />
            <TextField
              label={t('field.LastName')}
              name="LastName"
              autoComplete="family-name"
              value={values.LastName}
              error={errors.LastName}
              onChange={(v) => setValues({ ...values, LastName: v })}
            />
            <TextField
              label={t('users.phone')}
              name="PhoneNumber"
              type="tel"
              autoComplete="tel"
              hint={t('users.phoneHint')}
              value={values.PhoneNumber}
              error={errors.PhoneNumber}
              onChange={(v) => setValues({ ...values, PhoneNumber: v })}
            />
          </div>
          <FormButtons busy={busy} onCancel={() => close()} />
        </form>
      ) : (
        <dl className="grid">
          {FIELDS.map((field) => (
            <div key={field}>
              <dt>{field === 'PhoneNumber' ? t('users.phone') : t(`field.${field}`)}</dt>
              <dd data-field={field}>
                {me[field] ? (
                  field === 'PhoneNumber' ? (
                    phoneForPeople(me[field])
                  ) : (
                    me[field]
                  )
                ) : (
                  <span className="muted">{t('space.notSet')}</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </SectionFrame>
  );
}
