import { describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import {
  ACCOUNT_EVENT_TYPES,
  fieldNames,
  filterTakes,
  patternKnown,
  patternTakes,
  retryDelay,
} from '../../src/domain/account-events.js';
import { eventEndpoints } from '../../src/event-endpoints-config.js';

/**
 * Every write call, with the account events it emits or why it emits none. A new write call fails
 * here until it says which: a change the platform's services must learn of (an account, a user, an
 * access key, the account's security settings) must declare its events on the call.
 */
const EXPECTED: Record<string, readonly string[] | { none: string }> = {
  SignUp: ['account.created'],
  CompleteExternalSignIn: ['account.created'],
  UpdateAccount: ['account.profile-updated'],
  ConfirmEmail: ['account.profile-updated', 'user.updated'],
  UpdateAccountSecurity: ['account.security-updated'],
  CreateUser: ['user.created'],
  UpdateUser: ['user.updated'],
  UpdateUserDetails: ['user.updated', 'user.rights-updated'],
  AcceptInvitation: ['user.updated'],
  DisableUser: ['user.disabled'],
  EnableUser: ['user.enabled'],
  DeleteUser: ['user.deleted'],
  CreateAccessKey: ['access-key.created'],
  UpdateAccessKey: ['access-key.deactivated', 'access-key.activated'],
  DeleteAccessKey: ['access-key.deleted'],
  ValidateOperation: {
    none: 'the call it validates runs through the pipeline (runValidatedCall) and emits that call’s own events',
  },
  CancelOperation: { none: 'an operation cancelled changed nothing of the account' },
  CreateOperation: {
    none: 'a platform action asked for: the platform knows it, and learns its outcome by its webhook',
  },
  ClaimOperationResult: { none: 'reading a kept answer changes nothing of the account' },
  ResetAccountPassword: {
    none: 'a password is no platform state; the credentials an unconfirmed account’s reset ends were never usable (left: events for them)',
  },
  UpdatePassword: { none: 'a password is no platform state' },
  SendResetPasswordEmail: { none: 'a mail asked for' },
  SendAddPasswordEmail: { none: 'a mail asked for' },
  ResendEmailConfirmation: { none: 'a mail asked for' },
  ResendInvitation: { none: 'a new link for the same user; user.created told of them' },
  CancelEmailChange: { none: 'the address did not change: the request is withdrawn' },
  SignIn: { none: 'sessions are not platform state' },
  SignOut: { none: 'sessions are not platform state' },
  CompleteSignIn: { none: 'sessions are not platform state' },
  CompletePasskeySignIn: { none: 'sessions are not platform state' },
  StartPasskeySignIn: { none: 'a sign-in ceremony' },
  StartExternalSignIn: { none: 'a sign-in flow started' },
  DeleteSession: { none: 'sessions are not platform state' },
  DeleteOtherSessions: { none: 'sessions are not platform state' },
  UnlinkLogin: { none: 'a way to sign in, no platform state' },
  UpdateLanguage: { none: "a person's preference" },
  CreateSupportCode: { none: 'a code for a support call' },
  CheckSupportCode: { none: "a check of the customer's identity by the platform itself" },
  CreateTotp: { none: 'second factors are no platform state' },
  ConfirmTotp: { none: 'second factors are no platform state' },
  DeleteTotp: { none: 'second factors are no platform state' },
  CreateRecoveryCodes: { none: 'second factors are no platform state' },
  CreatePasskeyOptions: { none: 'a passkey ceremony' },
  CreatePasskey: { none: 'second factors are no platform state' },
  DeletePasskey: { none: 'second factors are no platform state' },
  ReauthenticateWithSecondFactor: { none: 'a proof of the person' },
};

const WRITE_CALLS = CALLS.filter((call) => call.effect === 'write');

describe('account events are declared on every write call', () => {
  it.each(WRITE_CALLS.map((call) => [call.name, call] as const))(
    '%s emits what the table says, or says why it emits none',
    (name, call) => {
      const expected = EXPECTED[name];
      expect(expected, `${name}: add it to EXPECTED with its events, or { none: 'because …' }`).toBeDefined();
      if (Array.isArray(expected)) expect(call.events?.emits ?? []).toEqual(expected);
      else {
        expect(call.events, `${name} declares events the table says it has none of`).toBeUndefined();
        expect((expected as { none: string }).none.length).toBeGreaterThan(10);
      }
    },
  );

  it('the table names no call that is gone, and every event type has a call that emits it', () => {
    const names = new Set(WRITE_CALLS.map((call) => call.name));
    expect(Object.keys(EXPECTED).filter((name) => !names.has(name))).toEqual([]);
    const emitted = new Set(WRITE_CALLS.flatMap((call) => call.events?.emits ?? []));
    expect(ACCOUNT_EVENT_TYPES.filter((type) => !emitted.has(type))).toEqual([]);
  });

  it('no read call declares events', () => {
    expect(CALLS.filter((call) => call.effect === 'read' && call.events).map((call) => call.name)).toEqual([]);
  });
});

describe('event filters', () => {
  it('a type, an object’s types, or every type', () => {
    expect(patternTakes('user.created', 'user.created')).toBe(true);
    expect(patternTakes('user.created', 'user.deleted')).toBe(false);
    expect(patternTakes('user.*', 'user.rights-updated')).toBe(true);
    expect(patternTakes('user.*', 'access-key.created')).toBe(false);
    expect(patternTakes('access-key.*', 'access-key.deleted')).toBe(true);
    expect(patternTakes('*', 'account.created')).toBe(true);
    expect(filterTakes(['account.created', 'user.*'], 'user.enabled')).toBe(true);
    expect(filterTakes(['account.created', 'user.*'], 'account.profile-updated')).toBe(false);
    expect(patternKnown('user.creatd')).toBe(false);
    expect(patternKnown('users.*')).toBe(false);
    expect(patternKnown('account.*')).toBe(true);
  });

  it('back-off doubles from its base, up to its ceiling', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, 30_000, 100_000))).toEqual([
      30_000, 60_000, 100_000, 100_000,
    ]);
    expect(fieldNames([{ Field: 'City' }, { Field: 'City' }, { Field: 'ZipCode' }])).toEqual(['City', 'ZipCode']);
  });
});

describe('TESSERA_EVENT_ENDPOINTS', () => {
  const SECRET = 'a webhook secret of at least thirty-two characters';
  it('reads a list of endpoints and the events each wants', () => {
    expect(
      eventEndpoints('[{"Url":"https://billing.internal/tessera","Events":["account.created","user.*"]}]', SECRET),
    ).toEqual([{ url: 'https://billing.internal/tessera', events: ['account.created', 'user.*'] }]);
    expect(eventEndpoints(undefined, undefined)).toEqual([]);
  });

  it.each([
    ['not json', 'TESSERA_EVENT_ENDPOINTS is not valid JSON'],
    ['{}', 'TESSERA_EVENT_ENDPOINTS is not valid: expected a JSON list'],
    ['[{"Events":["*"]}]', 'each endpoint needs a Url'],
    ['[{"Url":"http://billing.example.com/","Events":["*"]}]', 'must be an https:// URL'],
    ['[{"Url":"https://billing.example.com/","Events":[]}]', 'needs Events, a list of event types'],
    [
      '[{"Url":"https://billing.example.com/","Events":["user.creatd"]}]',
      'asks for "user.creatd", which names no event',
    ],
    ['[{"Url":"https://billing.example.com/","Events":["*"],"Secret":"x"}]', '"Secret" is not a setting'],
    [
      '[{"Url":"https://b.example.com/","Events":["*"]},{"Url":"https://b.example.com/","Events":["user.*"]}]',
      'is listed twice',
    ],
  ])('refuses %s with a sentence', (raw, sentence) => {
    expect(() => eventEndpoints(raw, SECRET)).toThrow(sentence);
  });

  it('needs the webhook secret that signs them', () => {
    expect(() => eventEndpoints('[{"Url":"https://b.example.com/","Events":["*"]}]', undefined)).toThrow(
      'TESSERA_EVENT_ENDPOINTS needs TESSERA_WEBHOOK_SECRET',
    );
  });
});
