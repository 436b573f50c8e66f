import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage, type Input } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { ChangesTable } from '../components/changes-table.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';
import { eventWhat, eventVia, eventWhen, type AuditEvent } from './event-words.js';

type Filters = NonNullable<Input<'ReadAuditLog'>['Filters']>;
const PAGE = 50;
const OUTCOMES = ['success', 'refused', 'awaiting-validation'] as const;

/** A date field's day (YYYY-MM-DD) as the API's date: the start of that day, or of the next one for "until". */
function dayBound(day: string, next: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (next) date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

function EventRow({ event }: { event: AuditEvent }) {
  const { t, i18n } = useTranslation();
  return (
    <tr data-event={event.Action} data-seq={event.Seq}>
      <td data-label={t('audit.date')}>{eventWhen(event.Date, i18n.language)}</td>
      <td data-label={t('audit.who')}>
        {event.Actor}
        <span className="hint"> · {eventVia(t, event)}</span>
      </td>
      <td data-label={t('audit.what')}>
        <details>
          <summary className={event.Outcome === 'refused' ? 'refused' : undefined}>
            {eventWhat(t, event)}
            {event.Target && <span className="mono hint"> {event.Target}</span>}
          </summary>
          {event.Changes.length > 0 ? (
            <ChangesTable changes={event.Changes} />
          ) : (
            <p className="hint">{t('audit.noChanges')}</p>
          )}
          <p className="hint mono">
            {event.Action}
            {event.OperationId && ` · ${event.OperationId}`}
            {event.ValidatedBy && ` · ${event.ValidatedBy}`}
            {event.Credential && ` · ${event.Credential}`}
          </p>
        </details>
      </td>
      <td data-label={t('audit.where')}>
        {event.IpAddress}
        <span className="hint"> · {event.DeviceName}</span>
      </td>
    </tr>
  );
}

/** The account's audit trail for holders of ReadAuditLog: filters, the old → new of each change, export and verification. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ from: '', to: '', actor: '', action: '', target: '', outcome: '' });
  const [filters, setFilters] = useState<Filters>({});
  const [pages, setPages] = useState(1);
  const [verdict, setVerdict] = useState<string>();
  const { data, error } = useLoad(
    async (signal) => call('ReadAuditLog', { Filters: filters, ResultsPerPage: PAGE * pages }, { signal }),
    [filters, pages],
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const chosen: Filters = {};
    const from = dayBound(draft.from, false);
    const to = dayBound(draft.to, true);
    if (from) chosen.FromDate = from;
    if (to) chosen.ToDate = to;
    if (draft.actor.trim()) chosen.ActorUserName = draft.actor.trim();
    if (draft.action.trim()) chosen.Action = draft.action.trim();
    if (draft.target.trim()) chosen.Target = draft.target.trim();
    if (draft.outcome) chosen.Outcome = draft.outcome;
    setPages(1);
    setFilters(chosen);
  };
  const set = (field: keyof typeof draft) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
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
        <form className="filters" onSubmit={apply} noValidate>
          <TextField label={t('audit.from')} name="FromDate" type="date" value={draft.from} onChange={set('from')} />
          <TextField label={t('audit.to')} name="ToDate" type="date" value={draft.to} onChange={set('to')} />
          <TextField label={t('audit.actor')} name="ActorUserName" value={draft.actor} onChange={set('actor')} />
          <TextField label={t('audit.action')} name="Action" value={draft.action} onChange={set('action')} />
          <TextField label={t('audit.target')} name="Target" value={draft.target} onChange={set('target')} />
          <div className="field">
            <label htmlFor="audit-outcome">{t('audit.outcome')}</label>
            <select id="audit-outcome" value={draft.outcome} onChange={(event) => set('outcome')(event.target.value)}>
              <option value="">{t('audit.anyOutcome')}</option>
              {OUTCOMES.map((outcome) => (
                <option key={outcome} value={outcome}>
                  {t(`audit.outcomes.${outcome}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit">{t('audit.apply')}</button>
          </div>
        </form>
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
                <EventRow key={event.Seq} event={event} />
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
