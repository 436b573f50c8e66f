import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { NO_BRAND } from '../../src/domain/brand.js';
import { LANGUAGES } from '../../src/domain/errors.js';
import { changesOf } from '../../src/domain/operations.js';
import { renderMail } from '../../src/mail/templates.js';
import type { ListedChange } from '../../src/phrases/action-facts.js';
import {
  ACTION_SENTENCES,
  changeLine,
  sayAction,
  sayChanges,
  sayPerson,
  type SaidChange,
  type SaidOperation,
} from '../../src/phrases/operation-words.js';

const alice = { UserName: 'alice', DisplayName: 'Alice Martin', Email: 'alice@example.com' };
const bob = { UserName: 'bob', DisplayName: 'Bob Durand', Email: 'bob@example.com' };
const owner = { UserName: 'owner', DisplayName: 'Jean Dupont', Email: 'jean@example.com' };

/** An operation of `action` asked by Alice for Bob, with `changes`. */
function operation(Action: string, Changes: ListedChange[] = []): SaidOperation {
  return { Action, Changes, Requester: alice, Subject: bob };
}

const lineIn = (language: 'en' | 'fr') => (change: SaidChange) => changeLine(change, language);

/** Every write call of the registry: under advanced security any of them may wait for a validator. */
const WRITE_CALLS = CALLS.filter((call) => call.effect === 'write').map((call) => call.name);

describe('operations in words', () => {
  it('the registry has write calls to say (the list below is generated from it)', () => {
    expect(WRITE_CALLS.length).toBeGreaterThan(40);
  });

  describe.each(LANGUAGES)('in %s', (language) => {
    const sentences = ACTION_SENTENCES[language] as Readonly<Record<string, unknown>>;

    it.each(WRITE_CALLS)('%s has a sentence, said in words and not by its name', (name) => {
      expect(typeof sentences[name], `${name} has no ${language} sentence in src/phrases/${language}/actions.ts`).toBe(
        'function',
      );
      const said = sayAction(operation(name), language);
      expect(said).not.toBe(name);
      expect(said).toMatch(/^\p{Lu}/u);
      expect(said).not.toMatch(/undefined|\[object Object\]|\s{2}/);
    });

    it('the sentences say nothing of calls that do not exist', () => {
      const known = new Set<string>([...WRITE_CALLS, 'LinkLogin']);
      expect(Object.keys(sentences).filter((name) => !known.has(name))).toEqual([]);
    });
  });

  it('the two languages say every action differently (no sentence left untranslated)', () => {
    const same = WRITE_CALLS.filter((name) => sayAction(operation(name), 'en') === sayAction(operation(name), 'fr'));
    expect(same).toEqual([]);
  });

  it('the issue’s examples read as a person would say them, in English and French', () => {
    const turnOn = operation('UpdateAccountSecurity', [
      { Field: 'AdvancedSecurity', OldValue: 'false', NewValue: 'true' },
    ]);
    expect(sayAction(turnOn, 'en')).toBe('Turn on advanced security');
    expect(sayAction(turnOn, 'fr')).toBe('Activer la sécurité avancée');
    const key = { Action: 'CreateAccessKey', Changes: [], Requester: alice };
    expect(sayAction(key, 'en')).toBe('Create an access key for Alice Martin');
    expect(sayAction(key, 'fr')).toBe("Créer une clé d'API pour Alice Martin");
    const grant = operation('UpdateUserDetails', [
      { Field: 'UserName', NewValue: 'bob' },
      { Field: 'Rights', OldValue: '["ManageUsers"]', NewValue: '["ManageUsers","TokenValidator"]' },
    ]);
    expect(sayAction(grant, 'en')).toBe('Give Bob Durand the right Token validator');
    expect(sayAction(grant, 'fr')).toBe('Donner à Bob Durand le droit Token validator');
    const takeAway = operation('UpdateUserDetails', [
      { Field: 'Rights', OldValue: '["ManageUsers","ReadAuditLog"]', NewValue: '[]' },
    ]);
    expect(sayAction(takeAway, 'en')).toBe('Take the rights Manage users and Read the audit log away from Bob Durand');
    expect(sayAction(takeAway, 'fr')).toBe(
      "Retirer à Bob Durand les droits Gérer les utilisateurs et Consulter le journal d'audit",
    );
  });

  it('fields are named as the forms name them, values in words, and an empty value reads "not set"', () => {
    const turnOn = operation(
      'UpdateAccountSecurity',
      changesOf({ AdvancedSecurity: true }, { AdvancedSecurity: false }),
    );
    expect(sayChanges(turnOn, 'en').map(lineIn('en'))).toEqual(['Advanced security: Off → On']);
    expect(sayChanges(turnOn, 'fr').map(lineIn('fr'))).toEqual(['Sécurité avancée : Désactivée → Activée']);
    const rights = operation(
      'UpdateUserDetails',
      changesOf({ UserName: 'bob', Rights: ['TokenValidator'] }, { Rights: [] }),
    );
    expect(sayChanges(rights, 'en').map(lineIn('en'))).toEqual(['Rights: No right → Token validator']);
    const email = operation(
      'UpdateUserDetails',
      changesOf({ UserName: 'bob', Email: 'b@x.test' }, { Email: undefined }),
    );
    expect(sayChanges(email, 'en').map(lineIn('en'))).toEqual(['Email address: not set → b@x.test']);
    expect(sayChanges(email, 'fr').map(lineIn('fr'))).toEqual(['Adresse e-mail : non renseigné → b@x.test']);
    const cleared = operation('UpdateUserDetails', [{ Field: 'FirstName', OldValue: 'Bob', NewValue: '' }]);
    expect(sayChanges(cleared, 'en').map(lineIn('en'))).toEqual(['First name: Bob → not set']);
  });

  it('the Modify window sends every field: only those that change are shown, and the sentence says what changes', () => {
    const grant = operation(
      'UpdateUserDetails',
      changesOf(
        {
          UserName: 'bob',
          LastName: 'Durand',
          FirstName: 'Bob',
          PhoneNumber: '+33 6 12 34 56 78',
          Rights: ['ManageUsers'],
        },
        { LastName: 'Durand', FirstName: 'Bob', PhoneNumber: '+33612345678', Email: 'bob@example.com', Rights: [] },
      ),
    );
    expect(sayAction(grant, 'en')).toBe('Give Bob Durand the right Manage users');
    expect(sayChanges(grant, 'en').map(lineIn('en'))).toEqual(['Rights: No right → Manage users']);
    const renamed = operation('UpdateUserDetails', changesOf({ UserName: 'bob', PhoneNumber: '+33612345678' }, {}));
    expect(sayChanges(renamed, 'fr').map(lineIn('fr'))).toEqual(['Numéro de téléphone : +33612345678']);
  });

  it('a platform change with only an old value reads as removed, by the platform’s own field name', () => {
    const detach: SaidOperation = {
      Action: 'network:DeletePublicIp',
      Summary: 'Release the public IP 192.0.2.4',
      Changes: [{ Field: 'PublicIp', OldValue: '192.0.2.4' }],
      Requester: owner,
    };
    expect(sayAction(detach, 'en')).toBe('Release the public IP 192.0.2.4');
    expect(sayChanges(detach, 'en').map(lineIn('en'))).toEqual(['PublicIp: 192.0.2.4 → not set']);
  });

  it('proofs, tokens and the name of the user acted on are not changes; a secret only says it changes', () => {
    const password = operation('UpdatePassword', changesOf({ CurrentPassword: 'x', NewPassword: 'y' }));
    expect(sayChanges(password, 'en').map(lineIn('en'))).toEqual(['New password: changed (secret)']);
    expect(sayChanges(operation('DeleteUser', changesOf({ UserName: 'bob' })), 'en')).toEqual([]);
    expect(sayChanges(operation('DeleteTotp', changesOf({ CurrentPassword: 'x' })), 'fr')).toEqual([]);
    const key = operation('UpdateAccessKey', changesOf({ AccessKeyId: 'AK1', State: 'ACTIVE', UserName: 'bob' }));
    expect(sayAction(key, 'en')).toBe('Activate the access key AK1 of Bob Durand');
    expect(sayChanges(key, 'en').map(lineIn('en'))).toEqual(['State: Active']);
    const renamed = operation('UpdateUser', changesOf({ UserName: 'bob', NewUserName: 'robert' }));
    expect(sayAction(renamed, 'en')).toBe('Rename the user Bob Durand to robert');
    expect(sayChanges(renamed, 'en').map(lineIn('en'))).toEqual(['User name: bob → robert']);
  });

  it('the requester is named by their name and user name; the owner, who has none, as the account owner', () => {
    expect(sayPerson(alice, 'en')).toBe('Alice Martin (alice)');
    expect(sayPerson(owner, 'en')).toBe('Jean Dupont (account owner)');
    expect(sayPerson(owner, 'fr')).toBe('Jean Dupont (propriétaire du compte)');
    expect(sayPerson({ UserName: 'carol', DisplayName: 'carol' }, 'fr')).toBe('carol');
  });
});

describe('the token mail', () => {
  const values = {
    firstName: 'Alice',
    operationId: 'op-1',
    requester: 'Jean Dupont (account owner)',
    subject: '',
    action: 'Delete the user Bob Durand',
    changes: [] as string[],
    token: '123456789012',
    link: 'https://console.example/operations?id=op-1',
  };

  const mail = (language: 'en' | 'fr', more: Partial<typeof values> & { minutes: number }) =>
    renderMail('operation-token', language, { ...values, ...more }, NO_BRAND);

  it('says how long the token lasts in the right number, in both languages', () => {
    expect(mail('en', { minutes: 1 }).text).toContain('Your token, valid 1 minute: 123456789012');
    expect(mail('en', { minutes: 15 }).text).toContain('Your token, valid 15 minutes: 123456789012');
    expect(mail('fr', { minutes: 1 }).text).toContain('Votre jeton, valable 1 minute : 123456789012');
    expect(mail('fr', { minutes: 15 }).text).toContain('Votre jeton, valable 15 minutes : 123456789012');
  });

  it('lists no change when the action changes no field, and keeps each change on its line in HTML', () => {
    expect(mail('en', { minutes: 15 }).text).not.toContain('What will change');
    expect(mail('fr', { minutes: 15 }).text).not.toContain('Ce qui va changer');
    const tagged = mail('en', { minutes: 15, changes: ['Tag: ci', 'State: Active'] });
    expect(tagged.text).toContain('What will change:\n- Tag: ci\n- State: Active');
    expect(tagged.html).toContain('What will change:<br>- Tag: ci<br>- State: Active');
  });
});
