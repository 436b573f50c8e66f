import type { Brand } from '../../src/domain/brand.js';
import type { TemplateName, TemplateValues } from '../../src/mail/templates.js';

export const LINK = 'https://id.acme.example/confirm-email#AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** One mail of every template: a template added without its sample fails tsc here. */
export const MAIL_SAMPLES: { [T in TemplateName]: TemplateValues[T] } = {
  'confirm-email': { firstName: 'Zoé', link: LINK, hours: 24 },
  'confirm-new-email': { firstName: 'Zoé', link: LINK, hours: 24 },
  'confirm-additional-email': { firstName: 'Zoé', link: LINK, hours: 24 },
  'email-change-requested': { firstName: 'Zoé', newEmail: 'zoe@new.example', link: LINK },
  'email-in-use': {},
  'account-exists': { link: LINK },
  'password-changed': { firstName: 'Zoé', signedOutOthers: true, link: LINK },
  'reset-password': { firstName: 'Zoé', link: LINK, minutes: 30 },
  'add-password': { firstName: 'Zoé', link: LINK, minutes: 30 },
  invitation: { inviter: 'Alice Martin', company: 'Martin SA', userName: 'bob', link: LINK, days: 7 },
  'second-factor-changed': { firstName: 'Zoé', change: 'passkey-added', link: LINK },
  'operation-token': {
    firstName: 'Zoé',
    operationId: 'op-123',
    requester: 'Alice Martin (alice)',
    subject: '',
    action: "Change the account's email address to b@x.example",
    changes: ['Email address: a@x.example → b@x.example'],
    token: '123456789012',
    minutes: 15,
    link: LINK,
  },
  'operation-outcome': {
    firstName: 'Zoé',
    operationId: 'op-123',
    action: "Change the account's email address to b@x.example",
    outcome: 'done',
    by: 'Bob Durand (bob)',
    failure: '',
    resultWaiting: false,
    link: LINK,
  },
};

export const ACME: Brand = {
  name: 'Nuage <Acme>',
  logo: { src: '/brand/logo-0123456789abcdef.png', url: 'https://id.acme.example/brand/logo-0123456789abcdef.png' },
  favicon: undefined,
  color: '#7a2e8f',
  support: { href: 'mailto:support@acme.example', text: 'support@acme.example' },
  terms: 'https://acme.example/terms',
  privacy: 'https://acme.example/privacy',
  mailFooter: { en: 'Acme Ltd, 1 Cloud Street, London', fr: 'Acme SARL, 1 rue du Nuage, Paris' },
};
