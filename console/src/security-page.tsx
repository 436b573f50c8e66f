import { useTranslation } from 'react-i18next';
import { AccessKeysSection } from './access-keys-section.js';
import type { Account } from './api.js';
import { PasswordSection } from './password-section.js';
import { SessionsSection } from './sessions-section.js';

/** Seed 001's authentication settings: the password, the signed-in devices, then access keys. */
export function SecurityPage({ account }: { account: Account }) {
  const { t } = useTranslation();
  return (
    <div className="space">
      <h1>{t('keys.title')}</h1>
      <PasswordSection account={account} />
      <SessionsSection />
      <AccessKeysSection />
    </div>
  );
}
