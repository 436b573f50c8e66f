import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to SQLite in ./data on 127.0.0.1:8080, reached as localhost (where browsers allow passkeys)', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toMatch(/^sqlite:.*\/data\/tessera\.db$/);
    expect(config.publicUrl.origin).toBe('http://localhost:8080');
    expect(config.secureCookies).toBe(false);
    expect(config.passwordMinLength).toBe(15);
  });

  it('NIST SP 800-63B-4 §3.1.1.2: a password minimum below 15 only where every account requires a second factor', () => {
    expect(() => loadConfig({ TESSERA_PASSWORD_MIN_LENGTH: '8' })).toThrow(
      /TESSERA_PASSWORD_MIN_LENGTH=8 needs TESSERA_REQUIRE_SECOND_FACTOR=true/,
    );
    const config = loadConfig({ TESSERA_PASSWORD_MIN_LENGTH: '8', TESSERA_REQUIRE_SECOND_FACTOR: 'true' });
    expect(config).toMatchObject({ passwordMinLength: 8, requireSecondFactor: true });
    expect(loadConfig({ TESSERA_PASSWORD_MIN_LENGTH: '20' }).passwordMinLength).toBe(20);
    expect(loadConfig({}).requireSecondFactor).toBe(false);
  });

  it('TESSERA_WORKERS: several processes on PostgreSQL share the hashing budget; auto is one per core', () => {
    const pg = { DATABASE_URL: 'postgres://u@db:5432/tessera', TESSERA_HASH_CONCURRENCY: '9' };
    expect(loadConfig(pg)).toMatchObject({ workers: 1, hashConcurrency: 9 });
    expect(loadConfig({ ...pg, TESSERA_WORKERS: '2' })).toMatchObject({ workers: 2, hashConcurrency: 5 });
    expect(loadConfig({ ...pg, TESSERA_WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(() => loadConfig({ TESSERA_WORKERS: '2' })).toThrow(/TESSERA_WORKERS=2 needs PostgreSQL/);
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({}).databasePrepare).toBe('auto');
    expect(loadConfig({ TESSERA_DATABASE_PREPARE: 'false' }).databasePrepare).toBe(false);
  });

  it('uses PostgreSQL when DATABASE_URL says so', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/tessera' }).databaseUrl).toBe(
      'postgres://u@db:5432/tessera',
    );
  });

  it('turns on Secure cookies for an https public URL', () => {
    expect(loadConfig({ TESSERA_PUBLIC_URL: 'https://id.example.com' }).secureCookies).toBe(true);
  });

  it('configures Google from its two variables and other providers from TESSERA_OIDC_PROVIDERS; none by default', () => {
    expect(loadConfig({}).oidcProviders).toEqual([]);
    const providers = loadConfig({
      GOOGLE_CLIENT_ID: 'gid',
      GOOGLE_CLIENT_SECRET: 'gsecret',
      TESSERA_OIDC_PROVIDERS:
        '[{"Id":"corp","Name":"Corp SSO","Issuer":"https://sso.example.com","ClientId":"a","ClientSecret":"b"}]',
    }).oidcProviders;
    expect(providers.map((p) => [p.id, p.name, p.issuer.href])).toEqual([
      ['google', 'Google', 'https://accounts.google.com/'],
      ['corp', 'Corp SSO', 'https://sso.example.com/'],
    ]);
  });

  it("adds the platform's rights from TESSERA_RIGHTS to Tessera's own", () => {
    const rights = loadConfig({
      TESSERA_RIGHTS: '[{"Name":"ManageDns","Description":{"en":"Manages DNS zones.","fr":"Gère les zones DNS."}}]',
    }).rights;
    expect(rights.names()).toEqual([
      'TokenValidator',
      'ManageNetwork',
      'ManageIpFailOvers',
      'ManageUsers',
      'ManageAccount',
      'ReadAuditLog',
      'Support',
      'SubmitOperations',
      'VerifyRequests',
      'ManageDns',
    ]);
  });

  it('a right of TESSERA_RIGHTS may be kept to the platform’s own account (PlatformOnly)', () => {
    const rights = loadConfig({
      TESSERA_RIGHTS:
        '[{"Name":"ManageDns","Description":{"en":"DNS","fr":"DNS"}},{"Name":"BackOffice","Description":{"en":"Back office","fr":"Back-office"},"PlatformOnly":true}]',
    }).rights;
    expect(rights.notOffered(['ManageDns', 'BackOffice'], '111111111111', '999999999999')).toEqual(['BackOffice']);
    expect(rights.notOffered(['ManageDns', 'BackOffice'], '999999999999', '999999999999')).toEqual([]);
    expect(() =>
      loadConfig({ TESSERA_RIGHTS: '[{"Name":"BackOffice","Description":{"en":"x","fr":"x"},"PlatformOnly":"yes"}]' }),
    ).toThrow(/TESSERA_RIGHTS is not valid/);
  });

  it.each([
    [{ TESSERA_PORT: 'eighty' }, /TESSERA_PORT=eighty is not valid/],
    [{ TESSERA_PORT: '70000' }, /from 0 to 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must start with postgres:/],
    [{ TESSERA_PUBLIC_URL: 'not a url' }, /TESSERA_PUBLIC_URL is not a valid URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL must start with smtp:/],
    [{ TESSERA_SIGNUP: 'maybe' }, /TESSERA_SIGNUP=maybe is not valid: expected one of open, closed/],
    [{ TESSERA_TLS_CERT: '/tmp/cert.pem' }, /must be set together/],
    [{ TESSERA_PASSWORD_MIN_LENGTH: '4' }, /from 8 to 64/],
    [{ TESSERA_WORKERS: 'many' }, /TESSERA_WORKERS=many is not valid/],
    [{ TESSERA_DATABASE_POOL_SIZE: '0' }, /TESSERA_DATABASE_POOL_SIZE=0 is not valid/],
    [
      { TESSERA_REQUIRE_SECOND_FACTOR: 'yes' },
      /TESSERA_REQUIRE_SECOND_FACTOR=yes is not valid: expected one of true, false/,
    ],
    [{ TESSERA_RIGHTS: '[{"Name":"ManageDns"' }, /TESSERA_RIGHTS is not valid JSON/],
    [
      { TESSERA_RIGHTS: '[{"Name":"ManageDns","Description":"DNS"}]' },
      /TESSERA_RIGHTS is not valid: expected a JSON list/,
    ],
    [{ TESSERA_RIGHTS: '[{"Name":"ManageUsers","Description":{"en":"x","fr":"x"}}]' }, /ManageUsers is defined twice/],
    [{ GOOGLE_CLIENT_ID: 'id' }, /GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together/],
    [{ TESSERA_OIDC_PROVIDERS: '[{"Id":"corp","Name":"Corp"}]' }, /each provider needs Issuer/],
    [
      {
        TESSERA_OIDC_PROVIDERS:
          '[{"Id":"corp","Name":"Corp","Issuer":"http://sso.example.com","ClientId":"a","ClientSecret":"b"}]',
      },
      /Issuer must be an https:\/\/ URL/,
    ],
    [
      {
        TESSERA_OIDC_PROVIDERS:
          '[{"Id":"Corp SSO","Name":"Corp","Issuer":"https://sso.example.com","ClientId":"a","ClientSecret":"b"}]',
      },
      /lower-case letters/,
    ],
  ])('refuses %o with one clear sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
