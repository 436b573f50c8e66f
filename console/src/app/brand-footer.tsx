import { useTranslation } from 'react-i18next';
import { BRAND } from './brand.js';

/** The provider's help and legal links under every page; nothing when it gives none. */
export function BrandFooter() {
  const { t } = useTranslation();
  const links = [
    { href: BRAND.support, label: t('brand.support') },
    { href: BRAND.terms, label: t('brand.terms') },
    { href: BRAND.privacy, label: t('brand.privacy') },
  ].filter((link): link is { href: string; label: string } => link.href !== undefined);
  if (links.length === 0) return null;
  return (
    <footer className="brand-footer">
      <ul className="plain">
        {links.map((link) => (
          <li key={link.label}>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
    </footer>
  );
}
