import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { eventSentence, eventVia, eventWhen, isStep } from '../audit/event-words.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';

const SHOWN = 20;
/** Read beyond what is shown: steps that changed nothing are left out, and the list stays full. */
const READ = 40;

/** The person's own recent events, in plain sentences: what was done, when, through what, from where. */
export function ActivitySection() {
  const { t, i18n } = useTranslation();
  const { data, error } = useLoad(
    async (signal) => (await call('ReadSecurityActivity', { ResultsPerPage: READ }, { signal })).Events,
    [],
  );
  // A first half (a passkey's options, an app's secret to confirm) is not something the person
  // changed: its second half is, and says so.
  const events = data?.filter((event) => !isStep(event)).slice(0, SHOWN);
  return (
    <section className="card" aria-labelledby="activity-title" data-section="activity">
      <h2 id="activity-title">{t('activity.section')}</h2>
      <p className="hint">{t('activity.help')}</p>
      <ErrorBanner message={error} />
      {!data && !error && <Loading />}
      {events?.length === 0 && <p className="muted">{t('activity.none')}</p>}
      <ul className="plain">
        {events?.map((event) => (
          <li key={event.Seq} className="row-item" data-event={event.Action}>
            <span>
              <span className={event.Outcome === 'refused' ? 'event-sentence refused' : 'event-sentence'}>
                {eventSentence(t, event, i18n.language)}
              </span>
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
