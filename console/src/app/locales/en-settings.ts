/** The authentication settings' sub-navigation and the account page, in English. */
export const enSettings = {
  settings: {
    navigation: 'Pages of the authentication settings',
  },
  account: {
    menu: 'Account',
    title: 'Account settings',
    intro: 'Settings of the whole account: they apply to every user, you included.',
  },
};
