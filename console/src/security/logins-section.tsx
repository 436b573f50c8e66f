import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, errorMessage } from '../api/api.js';
import { type Logins, startExternalSignIn } from '../api/external-sign-in.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { hasSecondFactor, StepUpPrompt } from './step-up-prompt.js';

/**
 * The ways to sign in (seed 000): providers linked or not. Linking needs a recent sign-in;
 * when it is stale, the user confirms who they are first — with their strongest second factor
 * when they have one. The last way in cannot be removed.
 */
export function LoginsSection({ logins, onChanged }: { logins: Logins; onChanged: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<{ message: string; reauth?: string }>();
  const { data: factors } = useLoad((signal) => call('ReadSecondFactors', {}, { signal }), []);
  const lastWork = useRef<() => Promise<unknown>>(undefined);
  if (logins.Providers.length === 0) return null;
  const linked = logins.Providers.filter((provider) => provider.Linked);
  const act = async (work: () => Promise<unknown>, provider: string) => {
    lastWork.current = work;
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (caught) {
      setError({
        message: errorMessage(caught),
        ...(caught instanceof CallError && caught.type === 'ReauthenticationRequired' ? { reauth: provider } : {}),
      });
    }
  };
  const reauthenticate = (provider: string) => {
    // A user with a password proves it by signing in again; a provider-only user at the provider.
    const via = logins.HasPassword ? undefined : (linked[0]?.Id ?? provider);
    if (via) void startExternalSignIn(via, 'Reauthenticate');
    else window.location.assign('/signin');
  };
  return (
    <section className="card" aria-labelledby="logins-title" data-section="logins">
      <h2 id="logins-title">{t('external.section')}</h2>
      <p className="hint">{t('external.help')}</p>
      <ErrorBanner message={error?.message} />
      {error?.reauth && hasSecondFactor(factors) && (
        <StepUpPrompt
          factors={factors}
          onConfirmed={() => lastWork.current && void act(lastWork.current, error.reauth!)}
        />
      )}
      {error?.reauth && !hasSecondFactor(factors) && (
        <button type="button" className="secondary" onClick={() => reauthenticate(error.reauth!)}>
          {logins.HasPassword ? t('external.signInAgain') : t('external.confirmWith', { name: linked[0]?.Name ?? '' })}
        </button>
      )}
      <ul className="plain">
        <li className="row-item">
          <span>{t('signIn.password')}</span>
          <span className={`badge ${logins.HasPassword ? 'active' : 'inactive'}`}>
            {logins.HasPassword ? t('external.set') : t('external.notSet')}
          </span>
        </li>
        {logins.Providers.map((provider) => (
          <li key={provider.Id} className="row-item" data-provider={provider.Id}>
            <span>
              {provider.Name}
              {provider.Email && <span className="hint"> — {provider.Email}</span>}
            </span>
            <span className={`badge ${provider.Linked ? 'active' : 'inactive'}`}>
              {provider.Linked ? t('external.linked') : t('external.notLinked')}
            </span>
            {provider.Linked ? (
              <button
                type="button"
                className="secondary"
                onClick={() => void act(() => call('UnlinkLogin', { Provider: provider.Id }), provider.Id)}
              >
                {t('external.unlink', { name: provider.Name })}
              </button>
            ) : (
              <button
                type="button"
                className="secondary"
                onClick={() => void act(() => startExternalSignIn(provider.Id, 'Link', '/security'), provider.Id)}
              >
                {t('external.link', { name: provider.Name })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
