import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallError, errorMessage } from '../api/api.js';
import { PasswordField } from '../components/fields.js';
import { hasSecondFactor, StepUpPrompt, type Factors } from './step-up-prompt.js';

/** A change that may need proof of the person, given what the proof lets through. */
type Work = (proof: { CurrentPassword?: string }) => Promise<void>;

/**
 * Runs changes that need a recent sign-in (second factors, sign-in methods). When the session is
 * stale, the person proves themself with the strongest second factor they have, and the change
 * then runs again by itself; without one, they type their password and press the same button.
 * `describe` says a failure in the person's words; undefined says nothing (a window they closed).
 */
export function useProvenChange(
  factors: Factors | undefined,
  describe: (caught: unknown) => string | undefined = errorMessage,
) {
  const { t } = useTranslation();
  const [password, setPassword] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [retry, setRetry] = useState<() => void>();

  const change = async (work: Work): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      await work(password ? { CurrentPassword: password } : {});
      setPassword(undefined);
      setRetry(undefined);
    } catch (caught) {
      const stale = caught instanceof CallError && caught.type === 'ReauthenticationRequired';
      if (stale && hasSecondFactor(factors)) setRetry(() => () => void change(work));
      else if (stale) setPassword(password ?? '');
      setProblem(describe(caught));
    } finally {
      setBusy(false);
    }
  };

  const prompt = (
    <>
      {retry && hasSecondFactor(factors) && (
        <StepUpPrompt
          factors={factors}
          onConfirmed={() => {
            setProblem(undefined);
            setRetry(undefined);
            retry();
          }}
        />
      )}
      {password !== undefined && (
        <PasswordField
          label={t('twoStep.confirmPassword')}
          name="CurrentPassword"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
      )}
    </>
  );
  return { change, busy, problem, prompt };
}
