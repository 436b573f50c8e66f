import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en, type Messages } from '../../console/src/app/locales/en.js';
import { fr } from '../../console/src/app/locales/fr.js';
import { deviceWords } from '../../console/src/audit/device-words.js';
import { eventSentence, eventWhat, isStep, type AuditEvent } from '../../console/src/audit/event-words.js';
import { CALLS } from '../../src/calls/index.js';
import { SYSTEM_ACTIONS } from '../../src/calls/pipeline/audit-writer.js';
import { deviceName } from '../../src/domain/device-name.js';
import { EVENT_REASONS } from '../../src/domain/errors.js';

const LANGUAGES: [string, Messages][] = [
  ['en', en],
  ['fr', fr],
];

const said = (text: unknown) => typeof text === 'string' && text.trim() !== '';

describe('every event has words in every language, from the registry', () => {
  // Any call can leave a refused event (a right missing), so each has the words of an attempt;
  // a call that writes leaves its change, so each has the sentence of what it did, or of a step.
  for (const [language, messages] of LANGUAGES) {
    const { call, done, step } = messages.events as {
      call: Record<string, unknown>;
      done: Record<string, unknown>;
      step: Record<string, unknown>;
    };
    it(`${language}: each call says what it does, for a refused attempt and the audit log's list`, () => {
      expect(CALLS.map((each) => each.name).filter((name) => !said(call[name]))).toEqual([]);
      expect(SYSTEM_ACTIONS.filter((name) => !said(call[name]))).toEqual([]);
    });
    it(`${language}: each call that records a change says what it changed, or that it is a first step`, () => {
      const writes = CALLS.filter((each) => each.effect === 'write').map((each) => each.name);
      expect([...writes, ...SYSTEM_ACTIONS].filter((name) => !said(done[name]) && !said(step[name]))).toEqual([]);
    });
    it(`${language}: each reason an event gives is said`, () => {
      const reasons = messages.events.reason as Record<string, unknown>;
      expect(EVENT_REASONS.filter((reason) => !said(reasons[reason]))).toEqual([]);
    });
  }

  it('names no action that is not a call or one of Tessera’s own', () => {
    const actions = new Set<string>([...CALLS.map((each) => each.name), ...SYSTEM_ACTIONS]);
    const words = en.events as Record<'call' | 'done' | 'step', Record<string, string>>;
    for (const table of ['call', 'done', 'step'] as const)
      expect(
        Object.keys(words[table]).filter((action) => !actions.has(action)),
        table,
      ).toEqual([]);
  });
});

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

function event(fields: Partial<AuditEvent>): AuditEvent {
  return {
    Seq: 1,
    Date: '2026-12-07T10:00:00.000+0000',
    Actor: 'owner',
    Interface: 'console',
    IpAddress: '192.0.2.4',
    Device: CHROME,
    DeviceName: deviceName(CHROME),
    Action: 'UpdateAccount',
    Changes: [],
    Outcome: 'success',
    ...fields,
  };
}

describe('an event in a reader’s words', () => {
  const t: Record<string, TFunction> = {};
  beforeAll(async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: { en: { translation: en }, fr: { translation: fr } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    t.en = instance.getFixedT('en');
    t.fr = instance.getFixedT('fr');
  });
  const say = (language: 'en' | 'fr', fields: Partial<AuditEvent>) => eventWhat(t[language]!, event(fields), language);

  it('a change of the account names the fields it changed, as the forms do', () => {
    const changes = [
      { Field: 'City', OldValue: 'Lyon', NewValue: 'Nantes' },
      { Field: 'ZipCode', NewValue: '44000' },
    ];
    expect(say('en', { Changes: changes })).toBe('Account details changed: city and postal code');
    expect(say('fr', { Changes: changes })).toBe('Informations du compte modifiées : ville et code postal');
  });

  it('a language change says the language before and after, in the reader’s language', () => {
    const changes = [{ Field: 'Language', OldValue: 'en', NewValue: 'fr' }];
    expect(say('en', { Action: 'UpdateLanguage', Changes: changes })).toBe('Language changed from English to French');
    expect(say('fr', { Action: 'UpdateLanguage', Changes: changes })).toBe('Langue changée : anglais → français');
  });

  it('rights given and taken away, a key turned off, advanced security, a second factor', () => {
    const rights = { Field: 'Rights', OldValue: '["ManageUsers"]', NewValue: '["TokenValidator"]' };
    expect(say('en', { Action: 'UpdateUserDetails', Target: 'bob', Changes: [rights] })).toBe(
      'Details of bob changed: rights (given: Token validator; removed: Manage users)',
    );
    const off = [{ Field: 'State', OldValue: 'ACTIVE', NewValue: 'INACTIVE' }];
    expect(say('fr', { Action: 'UpdateAccessKey', Target: 'AKIA1', Changes: off })).toBe("Clé d'API AKIA1 désactivée");
    const security = [
      { Field: 'AdvancedSecurity', NewValue: 'true' },
      { Field: 'ValidationPolicy', NewValue: 'OtherValidator' },
    ];
    expect(say('en', { Action: 'UpdateAccountSecurity', Changes: security })).toBe(
      'Advanced security changed: turned on and nobody validates their own request',
    );
    expect(say('en', { Action: 'CompleteSignIn', Changes: [{ Field: 'TotpCode', Secret: true }] })).toBe(
      'Signed in with a code from the authenticator app',
    );
  });

  it('refusals and requests waiting for validation say what was tried, and why', () => {
    expect(say('en', { Action: 'SignIn', Outcome: 'refused', Reason: 'WrongPassword' })).toBe(
      'Refused attempt: sign in — wrong password',
    );
    expect(say('fr', { Action: 'ReadAuditLog', Outcome: 'refused', Reason: 'AccessDenied' })).toBe(
      "Tentative refusée : consulter le journal d'audit — un droit manquait",
    );
    expect(say('fr', { Action: 'CreateAccessKey', Outcome: 'awaiting-validation' })).toBe(
      "En attente de validation : créer une clé d'API",
    );
    const on = [{ Field: 'AdvancedSecurity', NewValue: 'true' }];
    expect(say('en', { Action: 'UpdateAccountSecurity', Outcome: 'awaiting-validation', Changes: on })).toBe(
      'Waiting for validation: change advanced security — turned on',
    );
  });

  it('steps that change nothing are told as steps, not as changes', () => {
    const options = event({ Action: 'CreatePasskeyOptions' });
    const checked = event({ Action: 'SignIn', Changes: [{ Field: 'SecondStep', NewValue: 'awaited' }] });
    expect([options, checked].map(isStep)).toEqual([true, true]);
    expect(isStep(event({ Action: 'SignIn' }))).toBe(false);
    expect(eventWhat(t.en!, checked, 'en')).toBe('Password checked, second step awaited');
    expect(eventWhat(t.fr!, options, 'fr')).toBe('Ajout d’une clé d’accès commencé');
  });

  it('devices are named in the reader’s language, from the name the API gives', () => {
    expect(deviceWords(t.fr!, deviceName(CHROME))).toBe('Chrome 156 sous Linux');
    expect(deviceWords(t.fr!, deviceName(''))).toBe('Appareil inconnu');
    expect(deviceWords(t.fr!, deviceName('curl/8.5.0'))).toBe('curl 8.5.0');
    expect(eventSentence(t.fr!, event({ Action: 'UpdatePassword' }), 'fr')).toBe(
      'Mot de passe modifié depuis Chrome 156 sous Linux, 192.0.2.4',
    );
  });
});
