import { useTranslation } from 'react-i18next';
import type { SaidChange } from '../../../src/phrases/operation-words.js';

/**
 * What an operation will change, as its validator reads it: each field as the forms name it,
 * before and after in words. A creation knows no value before: it lists the new values alone.
 * An action that changes no field (deleting a user) lists none.
 */
export function OperationChanges({ changes }: { changes: readonly SaidChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  const withBefore = changes.some((change) => change.before !== undefined);
  return (
    <table className="cards">
      <caption className="visually-hidden">{t('operations.changesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('operations.field')}</th>
          {withBefore && <th scope="col">{t('operations.old')}</th>}
          <th scope="col">{withBefore ? t('operations.new') : t('operations.value')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.field} data-field={change.field}>
            <td data-label={t('operations.field')}>
              <strong>{change.label}</strong>
            </td>
            {withBefore && <td data-label={t('operations.old')}>{change.before ?? ''}</td>}
            <td data-label={withBefore ? t('operations.new') : t('operations.value')}>{change.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
