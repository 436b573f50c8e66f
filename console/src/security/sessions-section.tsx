import { useTranslation } from 'react-i18next';
import { call } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { deviceWords } from '../audit/device-words.js';
import { dateForPeople } from '../components/dates.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';

/** The signed-in devices, read again whenever `version` changes (another section changed them). */
export function SessionsSection({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const {
    data: sessions,
    error,
    reload,
  } = useLoad(async (signal) => (await call('ReadSessions', {}, { signal })).Sessions, [version]);
  const { errors, run } = useAction();
  const act = (work: () => Promise<unknown>) =>
    run(async () => {
      await work();
      await reload();
    });
  const when = (date: string) => dateForPeople(date, i18n.language);
  const others = sessions?.filter((session) => !session.Current) ?? [];

  return (
    <section className="card" aria-labelledby="sessions-title" data-section="sessions">
      <h2 id="sessions-title">{t('sessions.section')}</h2>
      <p className="hint">{t('sessions.help')}</p>
      <ErrorBanner message={errors.form ?? error} />
      {!sessions && !error && <Loading />}
      {sessions && (
        <div className="table-scroll">
          <table className="cards">
            <thead>
              <tr>
                <th scope="col">{t('sessions.device')}</th>
                <th scope="col">{t('sessions.address')}</th>
                <th scope="col">{t('sessions.created')}</th>
                <th scope="col">{t('sessions.lastActive')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.SessionId} data-session={session.Current ? 'current' : 'other'}>
                  <td data-label={t('sessions.device')}>{deviceWords(t, session.Device)}</td>
                  <td className="mono" data-label={t('sessions.address')}>
                    {session.IpAddress}
                  </td>
                  <td data-label={t('sessions.created')}>{when(session.CreationDate)}</td>
                  <td data-label={t('sessions.lastActive')}>{when(session.LastActiveDate)}</td>
                  <td>
                    {session.Current ? (
                      <span className="badge active">{t('sessions.current')}</span>
                    ) : (
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => void act(() => call('DeleteSession', { SessionId: session.SessionId }))}
                      >
                        {t('sessions.end')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {others.length > 0 && (
        <button type="button" className="secondary" onClick={() => void act(() => call('DeleteOtherSessions', {}))}>
          {t('sessions.endOthers')}
        </button>
      )}
    </section>
  );
}
