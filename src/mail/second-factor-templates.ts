import type { Language } from '../domain/errors.js';
import { compose, type MailContent } from './compose.js';

export type SecondFactorChange = 'totp-added' | 'totp-removed' | 'recovery-codes' | 'passkey-added' | 'passkey-removed';

export interface SecondFactorTemplateValues {
  /** To the user whenever their two-step verification changes (ASVS 6.3.7). */
  'second-factor-changed': { firstName: string; change: SecondFactorChange; link: string };
}

const WHAT: Record<SecondFactorChange, Record<Language, string>> = {
  'totp-added': {
    en: 'An authenticator app was added to the two-step verification of your account.',
    fr: "Une application d'authentification a été ajoutée à la validation en deux étapes de votre compte.",
  },
  'totp-removed': {
    en: 'The authenticator app was removed from the two-step verification of your account.',
    fr: "L'application d'authentification a été retirée de la validation en deux étapes de votre compte.",
  },
  'passkey-added': {
    en: 'A passkey was added to your account: it signs in without a password.',
    fr: 'Une clé d’accès a été ajoutée à votre compte : elle connecte sans mot de passe.',
  },
  'passkey-removed': {
    en: 'A passkey was removed from your account.',
    fr: 'Une clé d’accès a été retirée de votre compte.',
  },
  'recovery-codes': {
    en: 'New recovery codes were made for your account: the previous ones no longer work.',
    fr: 'De nouveaux codes de secours ont été créés pour votre compte : les précédents ne fonctionnent plus.',
  },
};

export const SECOND_FACTOR_TEMPLATES: {
  [T in keyof SecondFactorTemplateValues]: Record<Language, (values: SecondFactorTemplateValues[T]) => MailContent>;
} = {
  'second-factor-changed': {
    en: ({ firstName, change, link }) =>
      compose(
        'Your two-step verification changed',
        [`Hello ${firstName},`, WHAT[change].en, 'If this was not you, reset your password at once and sign in again.'],
        { label: 'Go to the sign-in page', url: link },
        'If you did it yourself, there is nothing to do.',
      ),
    fr: ({ firstName, change, link }) =>
      compose(
        'Votre validation en deux étapes a changé',
        [
          `Bonjour ${firstName},`,
          WHAT[change].fr,
          "Si ce n'était pas vous, réinitialisez tout de suite votre mot de passe et reconnectez-vous.",
        ],
        { label: 'Aller à la page de connexion', url: link },
        "Si c'était vous, il n'y a rien à faire.",
        'fr',
      ),
  },
};
