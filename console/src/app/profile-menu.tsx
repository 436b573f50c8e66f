import { useTranslation } from 'react-i18next';
import type { Account, Me } from '../api/api.js';
import { MenuButton } from '../components/menu-button.js';
import { type Language, LANGUAGES } from './i18n.js';
import type { Page } from './navigation.js';
import { isUnder, menuOf } from './routes.js';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

/** The header's language choice before anyone is signed in. */
export function LanguageSelect({ onChange }: { onChange: (language: Language) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <select
      value={i18n.language}
      onChange={(event) => onChange(event.target.value as Language)}
      aria-label={t('app.language')}
    >
      {LANGUAGES.map((language) => (
        <option key={language} value={language}>
          {LANGUAGE_NAMES[language]}
        </option>
      ))}
    </select>
  );
}

/** What the person is called in the header: their name, else their user name, else their address. */
export function displayName(me: Me, account: Account): string {
  const own = me.IsOwner ? [account.FirstName, account.LastName] : [me.FirstName, me.LastName];
  return own.filter(Boolean).join(' ') || me.UserName || me.Email || account.Email;
}

/**
 * Who is signed in, at the top right as in the consoles of cloud providers: the pages, the
 * language and signing out. On a phone it is the whole menu.
 */
export function ProfileMenu({
  account,
  me,
  page,
  go,
  onLanguage,
  onSignOut,
}: {
  account: Account;
  me: Me;
  page: Page;
  go: (page: Page) => void;
  onLanguage: (language: Language) => void;
  onSignOut: () => void;
}) {
  const { t, i18n } = useTranslation();
  const name = displayName(me, account);
  const other = LANGUAGES.find((language) => language !== i18n.language) ?? 'en';
  return (
    <MenuButton
      className="secondary profile"
      label={t('app.profile', { name })}
      heading={
        <>
          <strong className="profile-name">{name}</strong>
          <span className="hint">
            {me.IsOwner ? t('app.owner') : me.UserName} · {t('space.accountId')}{' '}
            <span className="mono">{account.AccountId}</span>
          </span>
        </>
      }
      items={[
        ...menuOf(me).map((entry) => ({
          label: t(entry.label),
          current: isUnder(page, entry.label),
          onSelect: () => go(entry.page),
        })),
        { label: LANGUAGE_NAMES[other], lang: other, onSelect: () => onLanguage(other) },
        { label: t('app.signOut'), onSelect: onSignOut },
      ]}
    >
      <span className="profile-text">{name}</span>
    </MenuButton>
  );
}
