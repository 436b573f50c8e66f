import { useTranslation } from 'react-i18next';
import { AccountSecuritySection } from '../operations/account-security-section.js';

/**
 * The account's own settings, apart from any one person's: advanced security and whether every
 * user needs two-step verification. Only those with ManageAccount are offered it (the route's right).
 */
export function AccountPage() {
  const { t } = useTranslation();
  return (
    <div className="space">
      <h1>{t('account.title')}</h1>
      <p className="muted">{t('account.intro')}</p>
      <AccountSecuritySection />
    </div>
  );
}
