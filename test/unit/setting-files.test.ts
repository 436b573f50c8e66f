import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type Config } from '../../src/config.js';

const folder = mkdtempSync(join(tmpdir(), 'tessera-setting-files-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
/** A file holding `content`, as a container runtime or systemd writes a secret (often with a last newline). */
function secretFile(content: string): string {
  files += 1;
  const path = join(folder, `secret-${files}`);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

const PROVIDERS = JSON.stringify([
  { Id: 'corp', Name: 'Corp SSO', Issuer: 'https://sso.example.com', ClientId: 'tessera', ClientSecret: 'corp-secret' },
]);

/** Each secret setting, a valid value, and what the configuration makes of it. */
const SECRETS: [name: string, value: string, read: (config: Config) => unknown, also?: Record<string, string>][] = [
  ['DATABASE_URL', 'postgres://tessera:s3cret@db.example.com:5432/tessera', (config) => config.databaseUrl],
  ['SMTP_URL', 'smtps://mailer:s3cret@smtp.example.com:465', (config) => config.smtpUrl?.toString()],
  ['TESSERA_SECRET_KEY', Buffer.alloc(32, 7).toString('base64'), (config) => config.secretKey],
  ['TESSERA_WEBHOOK_SECRET', 'w'.repeat(40), (config) => config.webhookSecret],
  [
    'GOOGLE_CLIENT_SECRET',
    'google-client-secret',
    (config) => config.oidcProviders[0]?.clientSecret,
    { GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com' },
  ],
  ['TESSERA_OIDC_PROVIDERS', PROVIDERS, (config) => config.oidcProviders[0]?.clientSecret],
];

describe('settings read from files (<NAME>_FILE)', () => {
  it.each(SECRETS)('%s_FILE gives what %s gives, without the file’s last newline', (name, value, read, also = {}) => {
    const fromEnvironment = read(loadConfig({ ...also, [name]: value }));
    expect(fromEnvironment).toBeDefined();
    expect(read(loadConfig({ ...also, [`${name}_FILE`]: secretFile(`${value}\n`) }))).toEqual(fromEnvironment);
    expect(read(loadConfig({ ...also, [`${name}_FILE`]: secretFile(`${value}\r\n`) }))).toEqual(fromEnvironment);
  });

  it('serves any setting, not only the secrets', () => {
    expect(loadConfig({ TESSERA_PORT_FILE: secretFile('9090\n') }).port).toBe(9090);
  });

  it.each(SECRETS)(
    '%s and %s_FILE both set stop start-up with one sentence naming both',
    (name, value, _read, also) => {
      const both = { ...also, [name]: value, [`${name}_FILE`]: secretFile(value) };
      expect(() => loadConfig(both)).toThrow(ConfigError);
      expect(() => loadConfig(both)).toThrow(`${name} and ${name}_FILE are both set: set one of them.`);
    },
  );

  it('an empty value counts as not set', () => {
    const url = 'postgres://tessera:s3cret@db.example.com:5432/tessera';
    expect(loadConfig({ DATABASE_URL: '', DATABASE_URL_FILE: secretFile(url) }).databaseUrl).toBe(url);
  });

  it('a file that cannot be read, or is empty, stops start-up with a sentence naming the file, never its content', () => {
    const missing = join(folder, 'not-there');
    expect(() => loadConfig({ TESSERA_SECRET_KEY_FILE: missing })).toThrow(
      new ConfigError(`TESSERA_SECRET_KEY_FILE: the file ${missing} cannot be read (ENOENT).`),
    );
    const empty = secretFile('\n');
    expect(() => loadConfig({ TESSERA_SECRET_KEY_FILE: empty })).toThrow(
      new ConfigError(`TESSERA_SECRET_KEY_FILE: the file ${empty} is empty.`),
    );
    // A value the setting refuses is refused as from the environment, in words that do not repeat it.
    const short = 'too-short-a-secret';
    const refused = (() => {
      try {
        loadConfig({ TESSERA_WEBHOOK_SECRET_FILE: secretFile(short) });
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused!.message).toBe('TESSERA_WEBHOOK_SECRET must be at least 32 characters.');
  });

  it('a file of several lines for a setting of one line stops start-up with a sentence naming the file, never its content', () => {
    const shadow = secretFile('root:$y$j9T$secret-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
    const message = `TESSERA_METRICS_TOKEN_FILE: the file ${shadow} holds several lines, but TESSERA_METRICS_TOKEN is one line: is it the right file?`;
    expect(() => loadConfig({ TESSERA_METRICS_TOKEN_FILE: shadow })).toThrow(new ConfigError(message));
    // A carriage return inside counts as a line end; only the last line's end is dropped.
    for (const content of ['m'.repeat(40) + '\r' + 'n'.repeat(40), 'm'.repeat(40) + '\r\n' + 'n'.repeat(40) + '\n'])
      expect(() => loadConfig({ TESSERA_METRICS_TOKEN_FILE: secretFile(content) })).toThrow(/holds several lines/);
    const secret = secretFile('w'.repeat(40) + '\n\n' + 'x'.repeat(40));
    expect(() => loadConfig({ TESSERA_WEBHOOK_SECRET_FILE: secret })).toThrow(
      new ConfigError(
        `TESSERA_WEBHOOK_SECRET_FILE: the file ${secret} holds several lines, but TESSERA_WEBHOOK_SECRET is one line: is it the right file?`,
      ),
    );
  });

  it('JSON settings and the mail footer may span lines', () => {
    const pretty = JSON.stringify(JSON.parse(PROVIDERS), null, 2);
    expect(pretty).toContain('\n');
    expect(
      loadConfig({ TESSERA_OIDC_PROVIDERS_FILE: secretFile(`${pretty}\r\n`) }).oidcProviders[0]?.clientSecret,
    ).toBe('corp-secret');
    const rights = JSON.stringify([{ Name: 'ManageDns', Description: { en: 'DNS', fr: 'DNS' } }], null, 2);
    expect(loadConfig({ TESSERA_RIGHTS_FILE: secretFile(rights) }).rights.names()).toContain('ManageDns');
    const footer = 'Example Cloud SAS\r\n1 rue de la Paix\n75002 Paris\n';
    expect(loadConfig({ TESSERA_MAIL_FOOTER_FILE: secretFile(footer) }).brand.mailFooter?.en).toContain(
      '1 rue de la Paix',
    );
  });

  it('leaves alone what is not a setting of Tessera', () => {
    expect(() => loadConfig({ CREDENTIALS_FILE: join(folder, 'not-there'), HOME_FILE: '' })).not.toThrow();
  });
});
