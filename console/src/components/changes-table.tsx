import { useTranslation } from 'react-i18next';

export interface Change {
  Field: string;
  OldValue?: string;
  NewValue?: string;
  Secret?: boolean;
}

/** What changes or changed, as a diff: a secret only says that it changes. */
export function ChangesTable({ changes }: { changes: readonly Change[] }) {
  const { t } = useTranslation();
  return (
    <table className="cards">
      <thead>
        <tr>
          <th scope="col">{t('operations.field')}</th>
          <th scope="col">{t('operations.old')}</th>
          <th scope="col">{t('operations.new')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.Field}>
            <td data-label={t('operations.field')} className="mono">
              {change.Field}
            </td>
            <td data-label={t('operations.old')}>{change.OldValue ?? ''}</td>
            <td data-label={t('operations.new')}>{change.Secret ? t('operations.secret') : (change.NewValue ?? '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
