import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/api.js';
import { type Provider, startExternalSignIn } from '../api/external-sign-in.js';
import { ErrorBanner } from './error-banner.js';

/** "Sign in with …" buttons, one per provider. */
export function ProviderButtons({ providers }: { providers: Provider[] }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string>();
  if (providers.length === 0) return null;
  return (
    <div className="providers">
      <p className="divider">{t('external.or')}</p>
      <ErrorBanner message={error} />
      {providers.map((provider) => (
        <button
          key={provider.Id}
          type="button"
          className="secondary wide"
          onClick={() =>
            startExternalSignIn(provider.Id, 'SignIn', '/').catch((caught: unknown) => setError(errorMessage(caught)))
          }
        >
          {t('external.signInWith', { name: provider.Name })}
        </button>
      ))}
    </div>
  );
}
