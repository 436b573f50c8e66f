import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { passkeyAssertion } from '../api/passkeys.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';

/** The second factors a person can prove themself with, as ReadSecondFactors tells. */
export type Factors = Pick<Output<'ReadSecondFactors'>, 'Totp' | 'Passkeys'>;

export function hasSecondFactor(factors: Factors | undefined): factors is Factors {
  return Boolean(factors && (factors.Totp || factors.Passkeys > 0));
}

/**
 * A change needs a recent sign-in and the person has a second factor: the strongest they have
 * stands for signing in again — a passkey first (it cannot be phished), else the app's code —
 * then the change is tried again.
 */
export function StepUpPrompt({ factors, onConfirmed }: { factors: Factors; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const { errors, busy, run } = useAction();
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => call('ReauthenticateWithSecondFactor', { TotpCode: code }), ['TotpCode'])) onConfirmed();
  };
  const withPasskey = async () => {
    const proved = await run(async () => {
      try {
        await call('ReauthenticateWithSecondFactor', { Passkey: await passkeyAssertion() });
      } catch (caught) {
        // The person closed the browser's window: they may choose another way.
        if (caught instanceof Error && caught.name === 'NotAllowedError')
          throw new Error(t('twoStep.passkeyCancelled'));
        throw caught;
      }
    });
    if (proved) onConfirmed();
  };
  const passkey = factors.Passkeys > 0;
  return (
    <div data-step-up>
      <p className="hint">{t('twoStep.stepUpIntro')}</p>
      {passkey && (
        <>
          <button type="button" onClick={() => void withPasskey()} disabled={busy}>
            {t('twoStep.stepUpPasskey')}
          </button>
          <ErrorBanner message={errors.form} />
        </>
      )}
      {factors.Totp && (
        <form onSubmit={(event) => void confirm(event)} noValidate>
          <TextField
            label={t('twoStep.stepUpLabel')}
            name="TotpCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus={!passkey}
            value={code}
            error={errors.TotpCode ?? (passkey ? undefined : errors.form)}
            onChange={setCode}
          />
          <button type="submit" className={passkey ? 'secondary' : undefined} disabled={busy}>
            {t('twoStep.stepUpConfirm')}
          </button>
        </form>
      )}
    </div>
  );
}
