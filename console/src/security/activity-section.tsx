import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { eventSentence, eventVia, eventWhen } from '../audit/event-words.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';

/** The person's own recent events, in plain sentences: what was done, when, through what, from where. */
export function ActivitySection() {
  const { t, i18n } = useTranslation();
  const { data, error } = useLoad(
    async (signal) => (await call('ReadSecurityActivity', { ResultsPerPage: 20 }, { signal })).Events,
    [],
  );
  return (
    <section className="card" aria-labelledby="activity-title" data-section="activity">
      <h2 id="activity-title">{t('activity.section')}</h2>
      <p className="hint">{t('activity.help')}</p>
      <ErrorBanner message={error} />
      {!data && !error && <Loading />}
      {data?.length === 0 && <p className="muted">{t('activity.none')}</p>}
      <ul className="plain">
        {data?.map((event) => (
          <li key={event.Seq} className="row-item" data-event={event.Action}>
            <span>
              <span className={event.Outcome === 'refused' ? 'refused' : undefined}>{eventSentence(t, event)}</span>
              <span className="hint">
                {' '}
                — {eventWhen(event.Date, i18n.language)} · {eventVia(t, event)}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
