import { useTranslation } from 'react-i18next';
import type { Account, Me } from '../api/api.js';
import type { Logins } from '../api/external-sign-in.js';
import { AdditionalEmailsSection } from './additional-emails-section.js';
import { EmailSection, useEmailAddresses } from './email-section.js';
import { MyDetailsSection } from './my-details-section.js';
import { ProfileSection } from './profile-section.js';

function IdentityItem({ field, label, value }: { field: string; label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-field={field} className="mono">
        {value}
      </dd>
    </div>
  );
}

/**
 * The owner's space is the account's profile. A sub-user's holds their own details, and the
 * account's profile only if they hold ManageAccount.
 */
export function PersonalSpace({
  account,
  me,
  logins,
  onChange,
  onMeChange,
}: {
  account: Account;
  me: Me;
  logins: Logins | undefined;
  onChange: (account: Account) => void;
  onMeChange: (me: Me) => void;
}) {
  const { t } = useTranslation();
  const [addresses, reloadAddresses] = useEmailAddresses([account, me]);
  const managesAccount = me.Rights.includes('ManageAccount');
  return (
    <div className="space">
      <h1>{t('space.title')}</h1>
      <p className="muted">{t('space.intro')}</p>
      <section className="card identity" aria-label={t('space.title')}>
        <dl className="grid">
          <IdentityItem
            field="AccountId"
            label={`${t('space.accountId')} (${t('space.readOnly')})`}
            value={account.AccountId}
          />
          <IdentityItem
            field="CustomerId"
            label={`${t('space.customerId')} (${t('space.readOnly')})`}
            value={account.CustomerId}
          />
          {me.UserName && (
            <IdentityItem
              field="UserName"
              label={`${t('users.userName')} (${t('space.readOnly')})`}
              value={me.UserName}
            />
          )}
        </dl>
      </section>
      <EmailSection
        email={me.IsOwner ? account.Email : (me.Email ?? '')}
        isOwner={me.IsOwner}
        provider={logins && !logins.HasPassword ? logins.Providers.find((provider) => provider.Linked) : undefined}
        addresses={addresses}
        onChanged={reloadAddresses}
      />
      {!me.IsOwner && <MyDetailsSection me={me} onSaved={onMeChange} />}
      {managesAccount && (
        <>
          {!me.IsOwner && <h2 className="subhead">{t('space.accountProfile')}</h2>}
          <ProfileSection
            id="name"
            title={t('section.name')}
            fields={['FirstName', 'LastName']}
            account={account}
            onSaved={onChange}
          />
          <ProfileSection
            id="company"
            title={t('section.company')}
            fields={['CompanyName', 'JobTitle', 'VatNumber']}
            account={account}
            onSaved={onChange}
          />
          <ProfileSection
            id="phones"
            title={t('section.phones')}
            fields={['PhoneNumber', 'MobileNumber']}
            account={account}
            onSaved={onChange}
          />
          <ProfileSection
            id="address"
            title={t('section.address')}
            fields={['City', 'ZipCode', 'StateProvince', 'Country']}
            account={account}
            onSaved={onChange}
          />
          <AdditionalEmailsSection
            account={account}
            confirmed={addresses?.AdditionalEmails}
            onSaved={(saved) => {
              onChange(saved);
              reloadAddresses();
            }}
          />
        </>
      )}
    </div>
  );
}
