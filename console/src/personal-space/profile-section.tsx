import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Account, call, type Input } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { SectionFrame, useEditing } from '../components/section-frame.js';

export type TextFieldName =
  | 'FirstName'
  | 'LastName'
  | 'CompanyName'
  | 'JobTitle'
  | 'VatNumber'
  | 'PhoneNumber'
  | 'MobileNumber'
  | 'City'
  | 'ZipCode'
  | 'StateProvince'
  | 'Country';

const AUTOCOMPLETE: Partial<Record<TextFieldName, string>> = {
  FirstName: 'given-name',
  LastName: 'family-name',
  CompanyName: 'organization',
  JobTitle: 'organization-title',
  PhoneNumber: 'tel',
  MobileNumber: 'tel',
  City: 'address-level2',
  ZipCode: 'postal-code',
  StateProvince: 'address-level1',
  Country: 'country',
};

/** Saves a partial update and reports either the new account or the field the server refused. */
export function useSave(onSaved: (account: Account) => void, fields: readonly string[]) {
  const { errors, setErrors, busy, run } = useAction();
  const save = (event: FormEvent, input: Input<'UpdateAccount'>): Promise<boolean> => {
    event.preventDefault();
    return run(async () => onSaved((await call('UpdateAccount', input)).Account), fields);
  };
  return { errors, busy, save, clearErrors: () => setErrors({}) };
}

interface ProfileSectionProps {
  id: string;
  title: string;
  fields: readonly TextFieldName[];
  account: Account;
  onSaved: (account: Account) => void;
}

export function ProfileSection({ id, title, fields, account, onSaved }: ProfileSectionProps) {
  const { t } = useTranslation();
  const initial = () => Object.fromEntries(fields.map((f) => [f, account[f] ?? ''])) as Record<TextFieldName, string>;
  const { editing, saved: justSaved, open, close } = useEditing();
  const [values, setValues] = useState(initial);
  const { errors, busy, save, clearErrors } = useSave(onSaved, fields);

  const submit = async (event: FormEvent) => {
    const changed = Object.fromEntries(
      fields.filter((f) => values[f] !== (account[f] ?? '')).map((f) => [f, values[f]]),
    );
    if (await save(event, changed)) close(true);
  };
  const edit = () => {
    setValues(initial());
    clearErrors();
    open();
  };

  return (
    <SectionFrame id={id} title={title} editing={editing} saved={justSaved} onEdit={edit}>
      {editing ? (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <ErrorBanner message={errors.form} />
          <div className="grid">
            {fields.map((field) => (
              <TextField
                key={field}
                label={t(`field.${field}`)}
                name={field}
                value={values[field]}
                error={errors[field]}
                autoComplete={AUTOCOMPLETE[field]}
                type={field.endsWith('Number') && field !== 'VatNumber' ? 'tel' : 'text'}
                onChange={(value) => setValues({ ...values, [field]: value })}
              />
            ))}
          </div>
          <FormButtons busy={busy} onCancel={() => close()} />
        </form>
      ) : (
        <dl className="grid">
          {fields.map((field) => (
            <div key={field}>
              <dt>{t(`field.${field}`)}</dt>
              <dd data-field={field}>{account[field] || <span className="muted">{t('space.notSet')}</span>}</dd>
            </div>
          ))}
        </dl>
      )}
    </SectionFrame>
  );
}
