import { useTranslation } from 'react-i18next';
import { AdditionalEmailsSection } from './additional-emails-section.js';
import type { Account } from './api.js';
import { ProfileSection } from './profile-section.js';

export function PersonalSpace({ account, onChange }: { account: Account; onChange: (account: Account) => void }) {
  const { t } = useTranslation();
  return (
    <div className="space">
      <h1>{t('space.title')}</h1>
      <p className="muted">{t('space.intro')}</p>
      <section className="card identity" aria-label={t('space.title')}>
        <dl className="grid">
          <div>
            <dt>
              {t('space.accountId')} <span className="muted">({t('space.readOnly')})</span>
            </dt>
            <dd data-field="AccountId" className="mono">
              {account.AccountId}
            </dd>
          </div>
          <div>
            <dt>
              {t('space.customerId')} <span className="muted">({t('space.readOnly')})</span>
            </dt>
            <dd data-field="CustomerId" className="mono">
              {account.CustomerId}
            </dd>
          </div>
          <div>
            <dt>{t('space.email')}</dt>
            <dd data-field="Email">{account.Email}</dd>
          </div>
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
