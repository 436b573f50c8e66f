import { useTranslation } from 'react-i18next';
import { call, type Input } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';

/**
 * The account's advanced security: on or off, the validation policy, and the token validators
 * with whether each can receive tokens. Every change waits for a validator (turning it on too).
 */
export function AccountSecuritySection() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad((signal) => call('ReadAccountSecurity', {}, { signal }), []);
  const { errors, busy, run } = useAction();
  const change = (input: Input<'UpdateAccountSecurity'>) =>
    run(async () => {
      await call('UpdateAccountSecurity', input);
      await reload();
    });
  return (
    <section className="card" aria-labelledby="advanced-title" data-section="advanced-security">
      <h2 id="advanced-title">{t('advanced.section')}</h2>
      <p className="hint">{t('advanced.help')}</p>
      <ErrorBanner message={errors.form ?? error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <p>
            <span className={`badge ${data.AdvancedSecurity ? 'active' : 'inactive'}`}>
              {data.AdvancedSecurity ? t('advanced.on') : t('advanced.off')}
            </span>{' '}
            {t(`advanced.${data.ValidationPolicy}`)}
          </p>
          <h3 className="subhead">{t('advanced.validators')}</h3>
          <ul className="plain">
            {data.Validators.map((validator) => (
              <li key={validator.UserName} className="row-item">
                <span className="mono">{validator.UserName}</span>
                <span className={`badge ${validator.CanReceiveTokens ? 'active' : 'inactive'}`}>
                  {validator.CanReceiveTokens ? t('advanced.ready') : t('advanced.notReady')}
                </span>
              </li>
            ))}
          </ul>
          <div className="buttons">
            <button
              type="button"
              disabled={busy}
              onClick={() => void change({ AdvancedSecurity: !data.AdvancedSecurity })}
            >
              {data.AdvancedSecurity ? t('advanced.turnOff') : t('advanced.turnOn')}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void change({
                  ValidationPolicy: data.ValidationPolicy === 'OtherValidator' ? 'AnyValidator' : 'OtherValidator',
                })
              }
            >
              {data.ValidationPolicy === 'OtherValidator' ? t('advanced.useAny') : t('advanced.useOther')}
            </button>
          </div>
          <h3 className="subhead">{t('advanced.secondFactor')}</h3>
          <p>
            <span className={`badge ${data.RequireSecondFactor ? 'active' : 'inactive'}`}>
              {data.RequireSecondFactor ? t('advanced.required') : t('advanced.notRequired')}
            </span>{' '}
            <span className="hint">{t('advanced.secondFactorHelp')}</span>
          </p>
          {data.PlatformRequiresSecondFactor ? (
            <p className="hint">{t('advanced.platformRequires')}</p>
          ) : (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void change({ RequireSecondFactor: !data.RequireSecondFactor })}
            >
              {data.RequireSecondFactor ? t('advanced.stopRequiring') : t('advanced.require')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
