import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../api/api.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { SectionFrame, useEditing } from '../components/section-frame.js';
import { useSave } from './profile-section.js';

const MAX_ADDRESSES = 10;

export function AdditionalEmailsSection({
  account,
  confirmed,
  onSaved,
}: {
  account: Account;
  confirmed: { Email: string; Confirmed: boolean }[] | undefined;
  onSaved: (account: Account) => void;
}) {
  const { t } = useTranslation();
  const { editing, saved: justSaved, open, close } = useEditing();
  const [addresses, setAddresses] = useState<string[]>([]);
  const { errors, busy, save, clearErrors } = useSave(onSaved, ['AdditionalEmails']);

  const edit = () => {
    setAddresses(account.AdditionalEmails.length > 0 ? [...account.AdditionalEmails] : ['']);
    clearErrors();
    open();
  };
  const submit = async (event: FormEvent) => {
    if (await save(event, { AdditionalEmails: addresses.map((a) => a.trim()).filter(Boolean) })) close(true);
  };
  const error = errors.AdditionalEmails ?? errors.form;

  return (
    <SectionFrame
      id="emails"
      title={t('section.additionalEmails')}
      help={t('section.additionalEmailsHelp')}
      editing={editing}
      saved={justSaved}
      onEdit={edit}
    >
      {editing ? (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <ErrorBanner message={error} />
          {addresses.map((address, index) => (
            <div className="row" key={index}>
              <TextField
                label={t('emails.address', { n: index + 1 })}
                name={`AdditionalEmails.${index}`}
                type="email"
                value={address}
                onChange={(value) => setAddresses(addresses.map((a, i) => (i === index ? value : a)))}
              />
              <button
                type="button"
                className="secondary"
                onClick={() => setAddresses(addresses.filter((_, i) => i !== index))}
                aria-label={t('emails.remove', { address: address || index + 1 })}
              >
                ×
              </button>
            </div>
          ))}
          {addresses.length < MAX_ADDRESSES && (
            <button type="button" className="link" onClick={() => setAddresses([...addresses, ''])}>
              + {t('emails.add')}
            </button>
          )}
          <FormButtons busy={busy} onCancel={() => close()} />
        </form>
      ) : account.AdditionalEmails.length > 0 ? (
        <ul className="plain">
          {account.AdditionalEmails.map((address) => {
            const state = confirmed?.find((entry) => entry.Email === address);
            return (
              <li key={address} data-address={address}>
                {address}
                {state && (
                  <span className="muted"> — {state.Confirmed ? t('emails.confirmed') : t('emails.waiting')}</span>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="muted">{t('emails.none')}</p>
      )}
    </SectionFrame>
  );
}
