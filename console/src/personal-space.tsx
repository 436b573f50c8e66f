import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdditionalEmailsSection } from './additional-emails-section.js';
import { call, type Account } from './api.js';
import { ProfileSection } from './profile-section.js';

function IdentityItem({ field, label, value, note }: { field: string; label: string; value: string; note?: string | undefined }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-field={field} className={field === 'Email' ? undefined : 'mono'}>
        {value}
      </dd>
      {note && (
        <dd className="hint" data-note={field}>
          {note}
        </dd>
      )}
    </div>
  );
}

function useEmailConfirmed(email: string): boolean | undefined {
  const [confirmed, setConfirmed] = useState<boolean>();
  useEffect(() => {
    call('ReadEmailAddresses', {})
      .then((answer) => setConfirmed(answer.EmailConfirmed))
      .catch(() => setConfirmed(undefined));
  }, [email]);
  return confirmed;
}

export function PersonalSpace({ account, onChange }: { account: Account; onChange: (account: Account) => void }) {
  const { t } = useTranslation();
  const confirmed = useEmailConfirmed(account.Email);
  return (
    <div className="space">
      <h1>{t('space.title')}</h1>
      <p className="muted">{t('space.intro')}</p>
      <section className="card identity" aria-label={t('space.title')}>
        <dl className="grid">
          <IdentityItem field="AccountId" label={`${t('space.accountId')} (${t('space.readOnly')})`} value={account.AccountId} />
          <IdentityItem field="CustomerId" label={`${t('space.customerId')} (${t('space.readOnly')})`} value={account.CustomerId} />
          <IdentityItem
            field="Email"
            label={t('space.email')}
            value={account.Email}
            note={confirmed === undefined ? undefined : confirmed ? t('confirm.confirmed') : t('confirm.unconfirmed')}
          />
        </dl>
      </section>
      <ProfileSection id="name" title={t('section.name')} fields={['FirstName', 'LastName']} account={account} onSaved={onChange} />
      <ProfileSection id="company" title={t('section.company')} fields={['CompanyName', 'JobTitle', 'VatNumber']} account={account} onSaved={onChange} />
      <ProfileSection id="phones" title={t('section.phones')} fields={['PhoneNumber', 'MobileNumber']} account={account} onSaved={onChange} />
      <ProfileSection id="address" title={t('section.address')} fields={['City', 'ZipCode', 'StateProvince', 'Country']} account={account} onSaved={onChange} />
      <AdditionalEmailsSection account={account} onSaved={onChange} />
    </div>
  );
}
