import type { Messages } from './en.js';

/** The authentication settings' sub-navigation and the account page, in French. */
export const frSettings: Pick<Messages, 'settings' | 'account'> = {
  settings: {
    navigation: "Pages des paramètres d'authentification",
  },
  account: {
    menu: 'Compte',
    title: 'Paramètres du compte',
    intro: 'Les réglages du compte entier : ils valent pour chaque utilisateur, vous compris.',
  },
};
