import { useTranslation } from 'react-i18next';

/** Said while what a page or section shows is on its way. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}
