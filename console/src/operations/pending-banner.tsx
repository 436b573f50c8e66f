import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useLoad } from '../api/use-load.js';

/** The signed-in person's own requests that wait for a validator, on every page, each with Cancel. */
export function PendingBanner({ userName, page }: { userName: string; page: string }) {
  const { t } = useTranslation();
  const { data, reload } = useLoad(
    async (signal) =>
      (await call('ReadOperations', {}, { signal })).Operations.filter(
        (operation) => operation.State === 'pending' && operation.RequesterUserName === userName,
      ),
    [page],
  );
  if (!data?.length) return null;
  return (
    <section className="card notice" aria-labelledby="pending-title" data-section="pending-operations">
      <h2 id="pending-title">{t('operations.yours', { count: data.length })}</h2>
      <ul className="plain">
        {data.map((operation) => (
          <li key={operation.OperationId} className="row-item">
            <span>
              {operation.Action} <span className="mono hint">{operation.OperationId}</span>
            </span>
            <button
              type="button"
              className="secondary"
              onClick={() => void call('CancelOperation', { OperationId: operation.OperationId }).then(reload, reload)}
            >
              {t('operations.cancel')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
