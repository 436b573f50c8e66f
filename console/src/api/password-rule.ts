import { useTranslation } from 'react-i18next';
import { call } from './api.js';
import { useLoad } from './use-load.js';

let known: Promise<number> | undefined;

/** The platform's minimum password length, read once. */
function minimumLength(): Promise<number> {
  known ??= call('ReadPasswordPolicy', {}).then(
    (policy) => policy.MinLength,
    (error: unknown) => {
      known = undefined;
      throw error;
    },
  );
  return known;
}

/**
 * The password rule in words, shown before typing, and a check of its length for forms that
 * report every field at once, counted as the API counts (NFKC code points); the API still judges guessability.
 */
export function usePasswordRule() {
  const { t } = useTranslation();
  // Without an answer the hint stays general and nothing is checked here: the API still is.
  const { data: minLength } = useLoad(minimumLength, []);
  return {
    hint: minLength ? t('password.rule', { min: minLength }) : t('signUp.passwordHint'),
    tooShort: (password: string) =>
      minLength !== undefined && [...password.normalize('NFKC')].length < minLength
        ? t('password.tooShort', { min: minLength })
        : undefined,
  };
}
