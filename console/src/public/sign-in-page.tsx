import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, errorMessage } from '../api/api.js';
import { useProviders } from '../api/external-sign-in.js';
import { signInWithPasskey } from '../api/passkeys.js';
import { ErrorBanner } from '../components/error-banner.js';
import { PasswordField, TextField } from '../components/fields.js';
import { PasskeyButton } from '../components/passkey-button.js';
import { ProviderButtons } from '../components/provider-buttons.js';
import { SecondStepForm } from './second-step-form.js';
import { useSubmit } from './use-submit.js';

export function SignInPage({
  ended,
  onSignedIn,
  onSignUp,
  onForgot,
}: {
  ended: boolean;
  onSignedIn: () => Promise<void>;
  onSignUp: () => void;
  onForgot: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<{ id: string; factors: readonly string[] }>();
  const [passkeyError, setPasskeyError] = useState<string>();
  const answered = useRef<{ id: string; factors: readonly string[] }>(undefined);
  const { errors, busy, submit } = useSubmit(
    [],
    async () => {
      const answer = await call('SignIn', { Email: email, Password: password });
      answered.current = answer.SecondFactorChallenge
        ? { id: answer.SecondFactorChallenge, factors: answer.SecondFactors ?? [] }
        : undefined;
    },
    // A user with a second factor goes on to the second step; the others are signed in.
    async () => (answered.current ? setChallenge(answered.current) : onSignedIn()),
  );
  const providers = useProviders();
  if (challenge)
    return (
      <SecondStepForm
        challenge={challenge.id}
        factors={challenge.factors}
        onSignedIn={onSignedIn}
        onBack={() => {
          answered.current = undefined;
          setChallenge(undefined);
        }}
      />
    );
  return (
    <form className="card narrow" onSubmit={(event) => void submit(event)} noValidate>
      <h1>{t('signIn.title')}</h1>
      {ended && (
        <p role="status" className="notice">
          {t('signIn.sessionEnded')}
        </p>
      )}
      <ErrorBanner message={errors.form} />
      <TextField
        label={t('signIn.email')}
        name="Email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={setEmail}
      />
      <PasswordField
        label={t('signIn.password')}
        name="Password"
        autoComplete="current-password"
        required
        value={password}
        onChange={setPassword}
      />
      {/* One column of full-width buttons: the password's, the passkey's and each provider's align. */}
      <div className="providers">
        <button type="submit" className="wide" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <PasskeyButton
          className="secondary wide"
          disabled={busy}
          onClick={() =>
            void signInWithPasskey()
              .then(onSignedIn)
              .catch((caught: unknown) => {
                if (!(caught instanceof Error && caught.name === 'NotAllowedError'))
                  setPasskeyError(errorMessage(caught));
              })
          }
        >
          {t('passkeys.signIn')}
        </PasskeyButton>
      </div>
      <ErrorBanner message={passkeyError} />
      <ProviderButtons providers={providers} />
      <p>
        <button type="button" className="link" onClick={onForgot}>
          {t('forgot.link')}
        </button>
      </p>
      <p>
        {t('signIn.noAccount')}{' '}
        <button type="button" className="link" onClick={onSignUp}>
          {t('signIn.signUp')}
        </button>
      </p>
    </form>
  );
}
