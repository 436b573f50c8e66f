import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { ApiClient, signedUpClient } from '../support/api-client.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

/** A body sent as given: an object is JSON-encoded, a string or a Buffer goes on the wire raw. */
type Payload = Record<string, unknown> | string | Buffer;

const deepArray = `{"City":${'['.repeat(5000)}${']'.repeat(5000)}}`;

// reference/security-anchors.md §5 (ATK-1..35, ATK-84): each must be refused with a 4xx
// envelope, and nothing may change.
const HOSTILE_UPDATES: [string, Payload][] = [
  ['name of 300 characters', { FirstName: 'A'.repeat(300) }],
  ['company of 100 kB', { CompanyName: 'x'.repeat(100_000) }],
  ['CRLF in a city', { City: 'Paris\r\nBcc: attacker@evil.example' }],
  ['log line injected in a name', { FirstName: 'alice\n2025-01-01T00:00:00Z INFO login ok user=owner' }],
  ['NUL in a last name', { LastName: 'Dupont\u0000admin' }],
  ['tab in a job title', { JobTitle: 'CEO\tand more' }],
  ['bidi override in a company', { CompanyName: 'ACME \u202Egnp.exe' }],
  ['ANSI escape in a name', { FirstName: '\u001b[31mJean' }],
  ['__proto__ key', '{"__proto__":{"isAdmin":true}}'],
  ['constructor.prototype key', '{"constructor":{"prototype":{"isAdmin":true}}}'],
  ['AccountId in the body', { AccountId: '123456789012' }],
  ['CustomerId in the body', { CustomerId: '12345678' }],
  ['accountId in another case', { accountId: '123456789012' }],
  ['account_id', { account_id: '123456789012' }],
  ['isOwner', { isOwner: true }],
  ['Rights', { Rights: ['ManageUsers'] }],
  ['PasswordHash', { PasswordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y' }],
  ['a number for a name', { FirstName: 123 }],
  ['a boolean for a name', { FirstName: true }],
  ['null for a name', { FirstName: null }],
  ['a list for a name', { FirstName: ['a', 'b'] }],
  ['an object for a name', { FirstName: { first: 'x' } }],
  ['a string for AdditionalEmails', { AdditionalEmails: 'a@example.com' }],
  ['a number in AdditionalEmails', { AdditionalEmails: [123] }],
  ['a NoSQL operator in AdditionalEmails', { AdditionalEmails: [{ $ne: null }] }],
  ['a string for DryRun', { DryRun: 'yes' }],
  ['a number for a postal code', { ZipCode: 92210 }],
  ['JSON nested 5000 levels', deepArray],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x43, 0x69, 0x74, 0x79, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ['a 1 MB body', JSON.stringify({ City: 'x'.repeat(1024 * 1024) })],
  ['country XX', { Country: 'XX' }],
  ['country UK', { Country: 'UK' }],
  ['phone 1-800-FLOWERS', { PhoneNumber: '1-800-FLOWERS' }],
  ['phone +999999999999999', { PhoneNumber: '+999999999999999' }],
  ['phone with a trailing newline', { MobileNumber: '+33612345678\n' }],
  ['phone of 40 digits', { PhoneNumber: '1'.repeat(40) }],
  ['VAT with a bad checksum', { VatNumber: 'FR00000000000' }],
  ['email header injection', { AdditionalEmails: ['victim@example.com\r\nBcc: attacker@evil.example'] }],
  ['email with a display name', { AdditionalEmails: ['Evil <a@example.com>'] }],
  ['email with a quoted local part', { AdditionalEmails: ['"a@b"@example.com'] }],
  ['email to an IP literal', { AdditionalEmails: ['a@[127.0.0.1]'] }],
  ['email without a TLD', { AdditionalEmails: ['a@localhost'] }],
  ['email with a Cyrillic look-alike', { AdditionalEmails: ['\u0430dmin@example.com'] }],
  ['email local part over 64', { AdditionalEmails: [`${'a'.repeat(65)}@example.com`] }],
  ['empty first name', { FirstName: '' }],
  ['blank last name', { LastName: '   ' }],
  ['HTML as a name', { FirstName: '<script>alert(1)</script>' }],
  ['SQL as a name', { LastName: "Robert'); DROP TABLE accounts;--" }],
  ['SQL in a key', { "City' OR '1'='1": 'x' }],
  ['lone surrogate', '{"City":"\\ud800"}'],
  ['city of 300 characters', { City: 'x'.repeat(300) }],
  ['an Email with a display name', { Email: 'Someone <someone@example.com>' }],
];

// Text the rules accept must come back byte for byte (ATK-31, ATK-33, ATK-34).
const VERBATIM: Record<string, string>[] = [
  { CompanyName: "O'Brien & <Fils>; DROP TABLE" },
  { City: "'; DROP TABLE users;--" },
  { JobTitle: '<script>alert(1)</script>' },
  { StateProvince: "$$ $$ %27 \\' \" OR '1'='1" },
  { CompanyName: '{{7*7}} ${7*7} %s%s%n' },
  { City: 'Zürich 東京 🌍' },
  { JobTitle: '"><svg onload=alert(1)>' },
];

describe.each(ENGINES)('hostile input on %s', (engine) => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startTestServer(engine);
    client = (await signedUpClient(server.url, { Country: 'FR', City: 'Lyon' })).client;
  });
  afterAll(() => server.close());

  async function snapshot(): Promise<unknown> {
    const { db } = server.services.store;
    return {
      accounts: await db.selectFrom('accounts').selectAll().orderBy('account_id').execute(),
      users: await db.selectFrom('users').select(['user_id', 'email', 'is_owner']).orderBy('user_id').execute(),
    };
  }

  function send(call: string, payload: Payload) {
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? new Uint8Array(payload)
          : JSON.stringify(payload);
    return client.raw(`/api/v1/${call}`, { headers: { 'content-type': 'application/json' }, body });
  }

  it(`has at least 40 hostile payloads (${HOSTILE_UPDATES.length})`, () => {
    expect(HOSTILE_UPDATES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(HOSTILE_UPDATES)(
    'UpdateAccount refuses %s with a 4xx envelope and changes nothing',
    async (_label, payload) => {
      const before = await snapshot();
      const answer = await send('UpdateAccount', payload);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      const errors = answer.body.Errors!;
      expect(errors[0]!.Code).toMatch(/^\d+$/);
      expect(errors[0]!.Details.length).toBeGreaterThan(10);
      expect(errors[0]!.Details).not.toMatch(/\n\s+at /);
      expect(await snapshot()).toEqual(before);
      // The server still answers normally afterwards, and nobody gained anything.
      expect((await client.call('ReadAccounts')).status).toBe(200);
    },
  );

  it.each([
    ['a NoSQL operator as Email', { Email: { $ne: null }, Password: 'x' }],
    ['a NoSQL operator as Password', { Email: 'a@example.com', Password: { $gt: '' } }],
    ['a list as Email', { Email: ['a@example.com'], Password: 'x' }],
    ['a 2000-character password', { Email: 'a@example.com', Password: 'x'.repeat(2000) }],
    ['an extra field', { Email: 'a@example.com', Password: 'x', Remember: true }],
  ])('SignIn refuses %s with a 400', async (_label, payload) => {
    const answer = await new ApiClient(server.url).call('SignIn', payload);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    ['a password hint', { PasswordHint: 'my cat' }],
    ['an AccountId', { AccountId: '123456789012' }],
    ['IsOwner', { IsOwner: true }],
  ])('SignUp refuses %s and creates nothing', async (_label, extra) => {
    const before = await snapshot();
    const answer = await new ApiClient(server.url).call('SignUp', {
      Email: 'hostile@example.com',
      Password: 'correct horse battery staple',
      FirstName: 'Ana',
      LastName: 'Silva',
      ...extra,
    });
    expect(answer.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it.each(VERBATIM)('stores and returns %o verbatim', async (fields) => {
    const answer = await client.call('UpdateAccount', fields);
    expect(answer.status).toBe(200);
    const account = ((await client.call('ReadAccounts')).body.Accounts as Record<string, unknown>[])[0]!;
    expect(account).toMatchObject(fields);
  });
});

type Schema = { type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema };

/** A value of the schema's type that passes it, so that only the hostile string is wrong. */
function plausible(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 'x';
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return 1;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name) => [name, plausible(schema.properties![name]!)]));
    default:
      return undefined;
  }
}

/** Every place a string goes in a call's input, each as a body holding `text` there and plausible values elsewhere. */
function bodiesWith(schema: Schema, text: string): [string, unknown][] {
  const bodies: [string, unknown][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const base = plausible(schema) as Record<string, unknown>;
    if (property.type === 'string') bodies.push([name, { ...base, [name]: text }]);
    if (property.type === 'array' && property.items?.type === 'string')
      bodies.push([`${name}[0]`, { ...base, [name]: [text] }]);
    if (property.type === 'object')
      for (const [inner, body] of bodiesWith(property, text))
        bodies.push([`${name}.${inner}`, { ...base, [name]: body }]);
  }
  return bodies;
}

const HOSTILE_STRINGS: [string, string][] = [
  ['NUL', 'abc\u0000def'],
  ['a lone surrogate', 'abc\ud800def'],
];

const EVERY_STRING_FIELD = CALLS.flatMap((call) =>
  HOSTILE_STRINGS.flatMap(([what, text]) =>
    bodiesWith(call.input as Schema, text).map(([field, body]) => [call.name, field, what, body] as const),
  ),
);

/** Every integer a call's input takes, as a body holding `value` there and plausible values elsewhere. */
function integerBodies(schema: Schema, value: number): [string, unknown][] {
  const bodies: [string, unknown][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const base = plausible(schema) as Record<string, unknown>;
    if (property.type === 'integer' || property.type === 'number') bodies.push([name, { ...base, [name]: value }]);
    if (property.type === 'object')
      for (const [inner, body] of integerBodies(property, value))
        bodies.push([`${name}.${inner}`, { ...base, [name]: body }]);
  }
  return bodies;
}

const HUGE_NUMBERS = [1e20, Number.MAX_SAFE_INTEGER + 2, -1e20];
const EVERY_INTEGER_FIELD = CALLS.flatMap((call) =>
  HUGE_NUMBERS.flatMap((value) =>
    integerBodies(call.input as Schema, value).map(([field, body]) => [call.name, field, value, body] as const),
  ),
);

describe('every number a call takes is bounded by its schema', () => {
  it(`ASVS 2.2.1: no integer field without a minimum and a maximum (${EVERY_INTEGER_FIELD.length / HUGE_NUMBERS.length} fields)`, () => {
    const unbounded = CALLS.flatMap((call) =>
      integerBodies(call.input as Schema, 0).flatMap(([field]) => {
        const path = field.split('.');
        let property = call.input as Schema & { minimum?: number; maximum?: number };
        for (const name of path) property = property.properties![name]! as typeof property;
        return property.minimum === undefined || property.maximum === undefined ? [`${call.name} ${field}`] : [];
      }),
    );
    expect(EVERY_INTEGER_FIELD.length).toBeGreaterThan(0);
    expect(unbounded).toEqual([]);
  });
});

describe.each(ENGINES)(
  'NUL and lone surrogates in every string field, huge numbers in every integer field, on %s',
  (engine) => {
    let server: TestServer;
    let client: ApiClient;

    beforeAll(async () => {
      server = await startTestServer(engine);
      client = (await signedUpClient(server.url)).client;
    });
    afterAll(() => server.close());

    it(`covers every string field of every call (${EVERY_STRING_FIELD.length / HOSTILE_STRINGS.length})`, () => {
      expect(EVERY_STRING_FIELD.length).toBeGreaterThan(100);
    });

    it('ATK-6, ATK-9: each is refused with a 4xx envelope naming the field, on this engine as on the other', async () => {
      const failures: string[] = [];
      for (const [call, field, what, body] of EVERY_STRING_FIELD) {
        const answer = await client.call(call, body);
        const details = answer.body.Errors?.[0]?.Details ?? '';
        if (answer.status < 400 || answer.status >= 500 || !answer.body.Errors)
          failures.push(`${call} ${field} with ${what}: ${answer.status} ${details}`);
      }
      expect(failures).toEqual([]);
      expect((await client.call('ReadAccounts')).status).toBe(200);
    });

    it('ATK-6, ATK-9: the refusal names the field and the character, before any rule of the call runs', async () => {
      const answer = await client.call('CreateAccessKey', { Tag: 'abc\u0000def' });
      expect(answer.status).toBe(400);
      expect(answer.body.Errors?.[0]?.Details).toBe(
        'Tag contains a character that is not allowed (NUL or an unpaired surrogate).',
      );
      const nested = await client.call('ReadAccessKeys', { Filters: { AccessKeyIds: ['\ud800'] } });
      expect(nested.body.Errors?.[0]?.Details).toMatch(/^Filters\.AccessKeyIds\[0\] contains a character/);
    });

    it.each([
      ['a bidi override', 'invoice \u202Efdp.exe'],
      ['a zero-width space', 'prod\u200Bkey'],
      ['a line break', 'first\nsecond'],
    ])('an access-key Tag with %s is refused like a profile field', async (_label, tag) => {
      const answer = await client.call('CreateAccessKey', { Tag: tag });
      expect(answer.status).toBe(400);
      expect(answer.body.Errors?.[0]?.Details).toMatch(/^Tag must not contain control characters or invisible marks/);
    });

    it('ASVS 2.2.1: ReadAuditLog, ReadSecurityActivity and every other call refuse a huge FirstItem or count with a 4xx envelope', async () => {
      const failures: string[] = [];
      for (const [call, field, value, body] of EVERY_INTEGER_FIELD) {
        const answer = await client.call(call, body);
        if (answer.status !== 400 || !answer.body.Errors)
          failures.push(`${call} ${field}=${value}: ${answer.status} ${JSON.stringify(answer.body.Errors ?? '')}`);
      }
      expect(failures).toEqual([]);
      expect(EVERY_INTEGER_FIELD.map(([call]) => call)).toEqual(
        expect.arrayContaining(['ReadAuditLog', 'ReadSecurityActivity']),
      );
    });
  },
);
