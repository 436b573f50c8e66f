import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';
import { AuditEventRow } from './audit-event-row.js';
import { AuditFilters, type Filters } from './audit-filters.js';

const PAGE = 50;

/** The account's audit trail for holders of ReadAuditLog: filters, the old → new of each change, export and verification. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [pages, setPages] = useState(1);
  const [verdict, setVerdict] = useState<string>();
  const { data, error } = useLoad(
    async (signal) => call('ReadAuditLog', { Filters: filters, ResultsPerPage: PAGE * pages }, { signal }),
    [filters, pages],
  );
  // The account's people, to name who acted and to choose whose events to see.
  const people = useLoad(async (signal) => (await call('ReadAuditPeople', {}, { signal })).People, []);
  const peopleList = people.data;
  const nameOf = useCallback(
    (userName: string) => peopleList?.find((person) => person.UserName === userName),
    [peopleList],
  );
  const apply = (chosen: Filters) => {
    setPages(1);
    setFilters(chosen);
  };
  const exportAll = async () => {
    const response = await fetch('/api/v1/ReadAuditLog', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Filters: filters, Format: 'ndjson' }),
    });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = 'audit.ndjson';
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const verify = async () => {
    try {
      const answer = await call('VerifyAuditLog', {});
      setVerdict(
        answer.Valid
          ? t('audit.valid', { count: answer.VerifiedEvents })
          : t('audit.broken', { seq: answer.FirstBrokenSeq, reason: answer.Reason }),
      );
    } catch (failure) {
      setVerdict(errorMessage(failure));
    }
  };
  return (
    <div className="space">
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <p className="hint">{t('audit.intro')}</p>
      <section className="card" aria-labelledby="filters-title">
        <h2 id="filters-title">{t('audit.filters')}</h2>
        <ErrorBanner message={people.error} />
        <AuditFilters people={peopleList ?? []} onApply={apply} />
      </section>
      <section className="card" aria-labelledby="events-title">
        <h2 id="events-title">{t('audit.events')}</h2>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void exportAll()}>
            {t('audit.export')}
          </button>
          <button type="button" className="secondary" onClick={() => void verify()}>
            {t('audit.verify')}
          </button>
        </div>
        {verdict && <p role="status">{verdict}</p>}
        <ErrorBanner message={error} />
        {!data && !error && <Loading />}
        {data?.Events.length === 0 && <p className="muted">{t('audit.none')}</p>}
        {data && data.Events.length > 0 && (
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">{t('audit.date')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.where')}</th>
              </tr>
            </thead>
            <tbody>
              {data.Events.map((event) => (
                <AuditEventRow key={event.Seq} event={event} nameOf={nameOf} />
              ))}
            </tbody>
          </table>
        )}
        {data?.HasMoreItems && (
          <button type="button" className="secondary" onClick={() => setPages((count) => count + 1)}>
            {t('audit.more')}
          </button>
        )}
      </section>
    </div>
  );
}
