import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { type Account, call, type Input } from '../api/api.js';
import { keepDraftIfSessionEnded, takeDraft } from '../api/drafts.js';
import { fieldsNamed, type OnRefused, useAction } from '../api/use-action.js';
import { countryChoices, countryName, phoneForPeople } from '../components/contact-formats.js';
import { ErrorBanner } from '../components/error-banner.js';
import { SelectField, TextField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { SectionFrame, useEditing } from '../components/section-frame.js';

export const PROFILE_FIELDS = [
  'FirstName',
  'LastName',
  'CompanyName',
  'JobTitle',
  'VatNumber',
  'PhoneNumber',
  'MobileNumber',
  'City',
  'ZipCode',
  'StateProvince',
  'Country',
] as const;
export type TextFieldName = (typeof PROFILE_FIELDS)[number];

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

const PHONES: readonly TextFieldName[] = ['PhoneNumber', 'MobileNumber'];

/** A field's stored value as a person reads it: phones with spaces, the country by its name. */
function forPeople(field: TextFieldName, value: string, language: string): string {
  if (PHONES.includes(field)) return phoneForPeople(value);
  if (field === 'Country') return countryName(value, language);
  return value;
}

/** Saves a partial update and reports either the new account or the field the server refused. */
export function useSave(onSaved: (account: Account) => void, fields: readonly string[]) {
  const { errors, setErrors, busy, run } = useAction();
  const save = (event: FormEvent, input: Input<'UpdateAccount'>, onRefused?: OnRefused) => {
    event.preventDefault();
    return run(async () => onSaved((await call('UpdateAccount', input)).Account), fields, onRefused);
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
  const { t, i18n } = useTranslation();
  const initial = () =>
    Object.fromEntries(
      PROFILE_FIELDS.map((f) => [
        f,
        PHONES.includes(f) && account[f] ? phoneForPeople(account[f]) : (account[f] ?? ''),
      ]),
    ) as Record<TextFieldName, string>;
  const [kept] = useState(() => takeDraft(id));
  const { editing, saved: justSaved, open, close } = useEditing(kept !== undefined);
  const [values, setValues] = useState(() => ({ ...initial(), ...kept }));
  // Fields of other sections that a refusal ties to this one (a new country and the stored VAT
  // number): they join the form, so that both are saved together or the other one cleared.
  const [joined, setJoined] = useState<TextFieldName[]>(() =>
    PROFILE_FIELDS.filter((f) => !fields.includes(f) && kept?.[f] !== undefined),
  );
  const shown = [...fields, ...joined];
  const { errors, busy, save, clearErrors } = useSave(onSaved, PROFILE_FIELDS);

  const submit = async (event: FormEvent) => {
    const changed = Object.fromEntries(shown.filter((f) => values[f] !== initial()[f]).map((f) => [f, values[f]]));
    const refused = (error: unknown) => {
      keepDraftIfSessionEnded(error, id, Object.fromEntries(shown.map((f) => [f, values[f]])));
      const others = fieldsNamed(error, PROFILE_FIELDS).filter((f) => !shown.includes(f));
      if (others.length > 0) setJoined([...joined, ...others]);
      return undefined;
    };
    if (await save(event, changed, refused)) {
      setJoined([]);
      close(true);
    }
  };
  const edit = () => {
    setValues(initial());
    setJoined([]);
    clearErrors();
    open();
  };
  const cancel = () => {
    setJoined([]);
    close();
  };

  return (
    <SectionFrame id={id} title={title} editing={editing} saved={justSaved} onEdit={edit}>
      {editing ? (
        <form onSubmit={(event) => void submit(event)} noValidate>
          {kept && (
            <p role="status" className="notice">
              {t('space.kept')}
            </p>
          )}
          <ErrorBanner message={errors.form} />
          <div className="grid">
            {shown.map((field) =>
              field === 'Country' ? (
                <SelectField
                  key={field}
                  label={t('field.Country')}
                  name={field}
                  value={values.Country}
                  choices={countryChoices(i18n.language)}
                  none={t('space.noCountry')}
                  error={errors.Country}
                  hint={joined.includes(field) ? t('space.joined') : undefined}
                  onChange={(value) => setValues({ ...values, Country: value })}
                />
              ) : (
                <TextField
                  key={field}
                  label={t(`field.${field}`)}
                  name={field}
                  value={values[field]}
                  error={errors[field]}
                  hint={joined.includes(field) ? t('space.joined') : undefined}
                  autoComplete={AUTOCOMPLETE[field]}
                  type={field.endsWith('Number') && field !== 'VatNumber' ? 'tel' : 'text'}
                  onChange={(value) => setValues({ ...values, [field]: value })}
                />
              ),
            )}
          </div>
          <FormButtons busy={busy} onCancel={cancel} />
        </form>
      ) : (
        <dl className="grid">
          {fields.map((field) => (
            <div key={field}>
              <dt>{t(`field.${field}`)}</dt>
              <dd data-field={field}>
                {account[field] ? (
                  forPeople(field, account[field], i18n.language)
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
