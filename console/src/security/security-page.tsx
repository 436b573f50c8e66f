import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Logins } from '../api/external-sign-in.js';
import { AccountSecuritySection } from '../operations/account-security-section.js';
import { AccessKeysSection } from './access-keys-section.js';
import { ActivitySection } from './activity-section.js';
import { LoginsSection } from './logins-section.js';
import { PasskeysSection } from './passkeys-section.js';
import { AddPasswordSection, PasswordSection } from './password-section.js';
import { SessionsSection } from './sessions-section.js';
import { SupportCodeSection } from './support-code-section.js';
import { TwoStepSection } from './two-step-section.js';

/** Seed 001's authentication settings: the password, the ways to sign in, the signed-in devices, then access keys. */
export function SecurityPage({
  email,
  logins,
  onLoginsChanged,
  managesAccount,
}: {
  email: string;
  managesAccount: boolean;
  logins: Logins | undefined;
  onLoginsChanged: () => void;
}) {
  const { t } = useTranslation();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  return (
    <div className="space">
      <h1>{t('keys.title')}</h1>
      {logins && !logins.HasPassword ? (
        <AddPasswordSection />
      ) : (
        <PasswordSection email={email} onChanged={() => setSessionsVersion((v) => v + 1)} />
      )}
      <TwoStepSection />
      <PasskeysSection />
      {logins && <LoginsSection logins={logins} onChanged={onLoginsChanged} />}
      <SessionsSection version={sessionsVersion} />
      <ActivitySection />
      <AccessKeysSection />
      {managesAccount && <AccountSecuritySection />}
      <SupportCodeSection />
    </div>
  );
}
