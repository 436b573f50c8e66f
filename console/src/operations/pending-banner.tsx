import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { useOperationWords } from './operation-words.js';
import { announceOperationsChanged, useOperationsChanged } from './operations-changed.js';

/**
 * The signed-in person's own requests that wait for a validator, on every page: what each one
 * does, that it waits for a validator, and Cancel. A cancel says so, and every list of
 * operations on the page shows it at once.
 */
export function PendingBanner({ userName, page }: { userName: string; page: string }) {
  const { t } = useTranslation();
  const words = useOperationWords();
  const { data, reload } = useLoad(
    async (signal) =>
      (await call('ReadOperations', {}, { signal })).Operations.filter(
        (operation) => operation.State === 'pending' && operation.RequesterUserName === userName,
      ),
    [page],
  );
  useOperationsChanged(reload);
  const [said, setSaid] = useState<string>();
  // What was said belongs to the page it was said on.
  useEffect(() => setSaid(undefined), [page]);
  const { errors, busy, run } = useAction();
  const cancel = (id: string) =>
    run(async () => {
      await call('CancelOperation', { OperationId: id });
      setSaid(t('operations.cancelled', { id }));
      announceOperationsChanged();
    });
  if (!data?.length && !said) return null;
  return (
    <section
      className="card notice"
      aria-labelledby={data?.length ? 'pending-title' : undefined}
      aria-label={data?.length ? undefined : t('operations.yoursNone')}
      data-section="pending-operations"
    >
      {said && <p role="status">{said}</p>}
      <ErrorBanner message={errors.form} />
      {data && data.length > 0 && (
        <>
          <h2 id="pending-title">{t('operations.yours', { count: data.length })}</h2>
          <ul className="plain">
            {data.map((operation) => (
              <li key={operation.OperationId} className="row-item" data-pending={operation.OperationId}>
                <span>
                  {words.action(operation)}{' '}
                  <span className="hint">
                    {t('operations.waitingShort')} · <span className="mono">{operation.OperationId}</span>
                  </span>
                </span>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  aria-label={t('operations.cancelNamed', { action: words.action(operation) })}
                  onClick={() => void cancel(operation.OperationId)}
                >
                  {t('operations.cancel')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
