import type { Brand } from '../domain/brand.js';
import type { Language } from '../domain/errors.js';
import { compose, type MailContent, type RenderedMail } from './compose.js';
import { layout } from './layout.js';
import { OPERATION_TEMPLATES, type OperationTemplateValues } from './operation-templates.js';
import { SECOND_FACTOR_TEMPLATES, type SecondFactorTemplateValues } from './second-factor-templates.js';

export type { RenderedMail } from './compose.js';

export interface TemplateValues extends OperationTemplateValues, SecondFactorTemplateValues {
  'confirm-email': { firstName: string; link: string; hours: number };
  'confirm-new-email': { firstName: string; link: string; hours: number };
  'confirm-additional-email': { firstName: string; link: string; hours: number };
  'email-change-requested': { firstName: string; newEmail: string; link: string };
  'email-in-use': Record<string, never>;
  /** To the address of an existing account when someone signs up with it again. */
  'account-exists': { link: string };
  'password-changed': { firstName: string; signedOutOthers: boolean; link: string };
  'reset-password': { firstName: string; link: string; minutes: number };
  'add-password': { firstName: string; link: string; minutes: number };
  /** `company` is empty when the account has none: the account is then the inviter's. */
  invitation: { inviter: string; company: string; userName: string; link: string; days: number };
}

export type TemplateName = keyof TemplateValues;

const TEMPLATES: { [T in TemplateName]: Record<Language, (values: TemplateValues[T]) => MailContent> } = {
  ...OPERATION_TEMPLATES,
  ...SECOND_FACTOR_TEMPLATES,
  'confirm-new-email': {
    en: ({ firstName, link, hours }) =>
      compose(
        'Confirm your new email address',
        [
          `Hello ${firstName},`,
          `You asked to use this address for your account. Confirm it to make it your sign-in address; the link works once, for ${hours} hours.`,
        ],
        { label: 'Confirm my new address', url: link },
        'If you did not ask for this, ignore this message: nothing will change.',
      ),
    fr: ({ firstName, link, hours }) =>
      compose(
        'Confirmez votre nouvelle adresse e-mail',
        [
          `Bonjour ${firstName},`,
          `Vous avez demandé à utiliser cette adresse pour votre compte. Confirmez-la pour en faire votre adresse de connexion ; le lien fonctionne une fois, pendant ${hours} heures.`,
        ],
        { label: 'Confirmer ma nouvelle adresse', url: link },
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
        'fr',
      ),
  },
  'confirm-additional-email': {
    en: ({ firstName, link, hours }) =>
      compose(
        'Confirm this address for notifications',
        [
          `Hello,`,
          `${firstName} added this address to receive their account's notifications. Confirm it to receive them; the link works once, for ${hours} hours.`,
        ],
        { label: 'Confirm this address', url: link },
        'If you do not want these notifications, ignore this message: you will receive nothing more.',
      ),
    fr: ({ firstName, link, hours }) =>
      compose(
        'Confirmez cette adresse pour les notifications',
        [
          `Bonjour,`,
          `${firstName} a ajouté cette adresse pour recevoir les notifications de son compte. Confirmez-la pour les recevoir ; le lien fonctionne une fois, pendant ${hours} heures.`,
        ],
        { label: 'Confirmer cette adresse', url: link },
        "Si vous ne voulez pas de ces notifications, ignorez ce message : vous ne recevrez rien d'autre.",
        'fr',
      ),
  },
  'email-change-requested': {
    en: ({ firstName, newEmail, link }) =>
      compose(
        'Your email address is about to change',
        [
          `Hello ${firstName},`,
          `A change of your account's email address to ${newEmail} was requested. Until the new address is confirmed, this one stays your sign-in address.`,
          'If this was not you, cancel the change now and change your password.',
        ],
        { label: 'This was not me: cancel the change', url: link },
        'If you asked for this change, there is nothing to do.',
      ),
    fr: ({ firstName, newEmail, link }) =>
      compose(
        'Votre adresse e-mail va changer',
        [
          `Bonjour ${firstName},`,
          `Le changement de l'adresse e-mail de votre compte pour ${newEmail} a été demandé. Tant que la nouvelle adresse n'est pas confirmée, celle-ci reste votre adresse de connexion.`,
          "Si ce n'était pas vous, annulez le changement maintenant et changez votre mot de passe.",
        ],
        { label: "Ce n'était pas moi : annuler le changement", url: link },
        "Si vous avez demandé ce changement, il n'y a rien à faire.",
        'fr',
      ),
  },
  'reset-password': {
    en: ({ firstName, link, minutes }) =>
      compose(
        'Reset your password',
        [
          `Hello ${firstName},`,
          `Someone asked to reset the password of your account. The link works once, for ${minutes} minutes, and signs out every device.`,
        ],
        { label: 'Choose a new password', url: link },
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ),
    fr: ({ firstName, link, minutes }) =>
      compose(
        'Réinitialisez votre mot de passe',
        [
          `Bonjour ${firstName},`,
          `La réinitialisation du mot de passe de votre compte a été demandée. Le lien fonctionne une fois, pendant ${minutes} minutes, et déconnecte tous les appareils.`,
        ],
        { label: 'Choisir un nouveau mot de passe', url: link },
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
        'fr',
      ),
  },
  'add-password': {
    en: ({ firstName, link, minutes }) =>
      compose(
        'Add a password to your account',
        [
          `Hello ${firstName},`,
          `You asked to add a password to your account, which you sign in to with an identity provider. The link works once, for ${minutes} minutes; afterwards you can sign in either way.`,
        ],
        { label: 'Choose my password', url: link },
        'If you did not ask for this, ignore this message: nothing will change.',
      ),
    fr: ({ firstName, link, minutes }) =>
      compose(
        'Ajoutez un mot de passe à votre compte',
        [
          `Bonjour ${firstName},`,
          `Vous avez demandé à ajouter un mot de passe à votre compte, auquel vous vous connectez avec un fournisseur d'identité. Le lien fonctionne une fois, pendant ${minutes} minutes ; vous pourrez ensuite vous connecter des deux façons.`,
        ],
        { label: 'Choisir mon mot de passe', url: link },
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
        'fr',
      ),
  },
  'password-changed': {
    en: ({ firstName, signedOutOthers, link }) =>
      compose(
        'Your password was changed',
        [
          `Hello ${firstName},`,
          `The password of your account was just changed${signedOutOthers ? ', and your other devices were signed out' : ''}.`,
          'If this was not you, reset your password at once from the sign-in page.',
        ],
        { label: 'Go to the sign-in page', url: link },
        'If you changed it yourself, there is nothing to do.',
      ),
    fr: ({ firstName, signedOutOthers, link }) =>
      compose(
        'Votre mot de passe a été modifié',
        [
          `Bonjour ${firstName},`,
          `Le mot de passe de votre compte vient d'être modifié${signedOutOthers ? ', et vos autres appareils ont été déconnectés' : ''}.`,
          "Si ce n'était pas vous, réinitialisez tout de suite votre mot de passe depuis la page de connexion.",
        ],
        { label: 'Aller à la page de connexion', url: link },
        "Si vous l'avez modifié vous-même, il n'y a rien à faire.",
        'fr',
      ),
  },
  'account-exists': {
    en: ({ link }) =>
      compose(
        'You already have an account',
        [
          'Hello,',
          'Someone, perhaps you, tried to create an account with this address, which already has one. Nothing was created or changed.',
          'Sign in with it; if you forgot your password, choose "Forgot password" on the sign-in page.',
        ],
        { label: 'Sign in', url: link },
        'If it was not you, ignore this message.',
      ),
    fr: ({ link }) =>
      compose(
        'Vous avez déjà un compte',
        [
          'Bonjour,',
          "Quelqu'un, peut-être vous, a tenté de créer un compte avec cette adresse, qui en a déjà un. Rien n'a été créé ni modifié.",
          'Connectez-vous avec elle ; si vous avez oublié votre mot de passe, choisissez « Mot de passe oublié » sur la page de connexion.',
        ],
        { label: 'Se connecter', url: link },
        "Si ce n'était pas vous, ignorez ce message.",
        'fr',
      ),
  },
  'email-in-use': {
    en: () =>
      compose(
        'Someone tried to use your email address',
        [
          'Hello,',
          'Someone asked to use this address for another account. Your account is unchanged and this address stays yours.',
        ],
        undefined,
        'If it was you, sign in to your account with this address instead.',
      ),
    fr: () =>
      compose(
        "Quelqu'un a tenté d'utiliser votre adresse e-mail",
        [
          'Bonjour,',
          "Quelqu'un a demandé à utiliser cette adresse pour un autre compte. Votre compte n'a pas changé et cette adresse reste la vôtre.",
        ],
        undefined,
        "Si c'était vous, connectez-vous plutôt à votre compte avec cette adresse.",
        'fr',
      ),
  },
  invitation: {
    en: ({ inviter, company, userName, link, days }) =>
      compose(
        `${inviter} invites you to ${company || 'their account'}`,
        [
          'Hello,',
          `${inviter} created a user for you, ${userName}, in ${company ? `the account of ${company}` : 'their account'}. Choose your password to sign in with this email address; the link works once, for ${days} days.`,
          'No one else knows or chooses your password, not even the account owner.',
        ],
        { label: 'Choose my password', url: link },
        'If you did not expect this invitation, ignore this message: the user stays without a password.',
      ),
    fr: ({ inviter, company, userName, link, days }) =>
      compose(
        `${inviter} vous invite dans ${company || 'son compte'}`,
        [
          'Bonjour,',
          `${inviter} vous a créé un utilisateur, ${userName}, dans ${company ? `le compte de ${company}` : 'son compte'}. Choisissez votre mot de passe pour vous connecter avec cette adresse e-mail ; le lien fonctionne une fois, pendant ${days} jours.`,
          'Personne d’autre ne connaît ni ne choisit votre mot de passe, pas même le propriétaire du compte.',
        ],
        { label: 'Choisir mon mot de passe', url: link },
        "Si vous n'attendiez pas cette invitation, ignorez ce message : l'utilisateur reste sans mot de passe.",
        'fr',
      ),
  },
  'confirm-email': {
    en: ({ firstName, link, hours }) =>
      compose(
        'Confirm your email address',
        [`Hello ${firstName},`, `Please confirm that this address is yours. The link works once, for ${hours} hours.`],
        { label: 'Confirm my address', url: link },
        'If you did not ask for this, ignore this message: nothing will change.',
      ),
    fr: ({ firstName, link, hours }) =>
      compose(
        'Confirmez votre adresse e-mail',
        [
          `Bonjour ${firstName},`,
          `Merci de confirmer que cette adresse est la vôtre. Le lien fonctionne une fois, pendant ${hours} heures.`,
        ],
        { label: 'Confirmer mon adresse', url: link },
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne changera.",
        'fr',
      ),
  },
};

/** A queued mail as its recipient reads it, in their language and the provider's brand. */
export function renderMail<T extends TemplateName>(
  template: T,
  language: Language,
  values: TemplateValues[T],
  brand: Brand,
): RenderedMail {
  return layout(TEMPLATES[template][language](values), brand);
}
