import { useTranslation } from 'react-i18next';
import type { Account, Me } from '../api/api.js';
import { BRAND } from './brand.js';
import type { Language } from './i18n.js';
import type { Page } from './navigation.js';
import { LanguageSelect, ProfileMenu } from './profile-menu.js';
import { isUnder, menuOf } from './routes.js';

/** The bar at the top: the brand, the main menu once signed in, and the profile menu or the language. */
export function TopBar({
  signedIn,
  page,
  go,
  onLanguage,
  onSignOut,
}: {
  signedIn: { account: Account; me: Me } | undefined;
  page: Page;
  go: (to: Page) => void;
  onLanguage: (language: Language) => void;
  onSignOut: () => void;
}) {
  const { t } = useTranslation();
  return (
    <header className="bar">
      <span className="brand">
        {/* Beside the name it shows, the logo says nothing more: decorative for screen readers. */}
        {BRAND.logo && <img className="brand-logo" src={BRAND.logo} alt="" />}
        {t('app.name')}
      </span>
      {signedIn && (
        <nav aria-label={t('app.menu')} className="menu">
          {menuOf(signedIn.me).map((entry) => (
            <a
              key={entry.page}
              href={entry.page}
              aria-current={isUnder(page, entry.label) ? 'page' : undefined}
              onClick={(event) => {
                event.preventDefault();
                go(entry.page);
              }}
            >
              {t(entry.label)}
            </a>
          ))}
        </nav>
      )}
      <div className="bar-actions">
        {signedIn ? (
          <ProfileMenu
            account={signedIn.account}
            me={signedIn.me}
            page={page}
            go={go}
            onLanguage={onLanguage}
            onSignOut={onSignOut}
          />
        ) : (
          <LanguageSelect onChange={onLanguage} />
        )}
      </div>
    </header>
  );
}
