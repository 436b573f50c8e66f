import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../app/navigation.js';

/**
 * The authentication settings' pages, in the order of the sub-navigation. Each is named by the
 * title of the section it shows, so that the link and the card it opens always say the same.
 */
export const SETTINGS_PAGES = [
  { page: '/security/password', label: 'password.section' },
  { page: '/security/two-step', label: 'twoStep.section' },
  { page: '/security/passkeys', label: 'passkeys.section' },
  { page: '/security/sessions', label: 'sessions.section' },
  { page: '/security/activity', label: 'activity.section' },
  { page: '/security/access-keys', label: 'keys.section' },
  { page: '/security/support', label: 'support.section' },
] as const satisfies readonly { page: Page; label: string }[];

export type SettingsPage = (typeof SETTINGS_PAGES)[number]['page'];

/**
 * The frame of every settings page, as in the consoles of cloud providers: the title, a list of
 * the pages beside the content on a desktop, above it on a phone (two columns that wrap, so
 * nothing scrolls sideways).
 */
export function SettingsLayout({
  page,
  go,
  children,
}: {
  page: SettingsPage;
  go: (page: Page) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="settings">
      {/* One title for every settings page, as when they were one: focus lands on it at each change, and the list says which page is current. */}
      <h1>{t('keys.title')}</h1>
      <nav className="settings-nav" aria-label={t('settings.navigation')}>
        <ul>
          {SETTINGS_PAGES.map((entry) => (
            <li key={entry.page}>
              <a
                href={entry.page}
                aria-current={entry.page === page ? 'page' : undefined}
                onClick={(event) => {
                  // A new tab or window opens the address itself; a plain click stays in the app.
                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                  event.preventDefault();
                  go(entry.page);
                }}
              >
                {t(entry.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-page">{children}</div>
    </div>
  );
}
