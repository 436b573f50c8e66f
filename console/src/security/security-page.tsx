import type { Logins } from '../api/external-sign-in.js';
import type { Page } from '../app/navigation.js';
import { AccessKeysSection } from './access-keys-section.js';
import { ActivitySection } from './activity-section.js';
import { LoginsSection } from './logins-section.js';
import { PasskeysSection } from './passkeys-section.js';
import { AddPasswordSection, PasswordSection } from './password-section.js';
import { SessionsSection } from './sessions-section.js';
import { type SettingsPage, SettingsLayout } from './settings-navigation.js';
import { SupportCodeSection } from './support-code-section.js';
import { TwoStepSection } from './two-step-section.js';

interface SecurityPageProps {
  page: SettingsPage;
  go: (page: Page) => void;
  email: string;
  logins: Logins | undefined;
  onLoginsChanged: () => void;
}

/**
 * Seed 001's authentication settings, a page per concern: the password and the ways to sign in,
 * the second factors, the signed-in devices, the activity, access keys and the support code.
 * The account's own settings are on the account page.
 */
export function SecurityPage({ page, go, ...props }: SecurityPageProps) {
  return (
    <SettingsLayout page={page} go={go}>
      <SettingsContent page={page} {...props} />
    </SettingsLayout>
  );
}

function SettingsContent({ page, email, logins, onLoginsChanged }: Omit<SecurityPageProps, 'go'>) {
  switch (page) {
    case '/security/password':
      return (
        <>
          {logins && !logins.HasPassword ? (
            <AddPasswordSection />
          ) : (
            // The devices list is a page of its own now: it reads the sessions afresh when opened.
            <PasswordSection email={email} onChanged={() => undefined} />
          )}
          {logins && <LoginsSection logins={logins} onChanged={onLoginsChanged} />}
        </>
      );
    case '/security/two-step':
      return <TwoStepSection />;
    case '/security/passkeys':
      return <PasskeysSection />;
    case '/security/sessions':
      return <SessionsSection version={0} />;
    case '/security/activity':
      return <ActivitySection />;
    case '/security/access-keys':
      return <AccessKeysSection />;
    case '/security/support':
      return <SupportCodeSection />;
  }
}
