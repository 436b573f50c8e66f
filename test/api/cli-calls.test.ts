import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/domain/second-factors.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { lossyProxy } from '../support/lossy-proxy.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const home = mkdtempSync(join(tmpdir(), 'tessera-cli-home-'));
const configFile = join(home, '.osc', 'config.json');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function tessera(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, HOME: home, OSC_CONFIG_FILE: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** `tessera` with lines on standard input, as a person would paste them at its prompts. */
function tesseraWithInput(args: string[], lines: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, HOME: home, OSC_CONFIG_FILE: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
}

describe('the tessera CLI against a live server', () => {
  let server: TestServer;
  let email: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const signedUp = await signedUpClient(server.url);
    const { client } = signedUp;
    email = signedUp.email;
    const key = (await client.call('CreateAccessKey')).body.AccessKey as { AccessKeyId: string; SecretKey: string };
    const added = await tesseraWithInput(
      ['profile', 'add', 'work', '--access-key', key.AccessKeyId, '--endpoint', server.url],
      [key.SecretKey],
    );
    expect(added.code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('profile add writes ~/.osc/config.json in the oapi-cli format, readable by its owner only', () => {
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    const profiles = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(profiles.work!).sort()).toEqual(['access_key', 'endpoints', 'region', 'secret_key']);
    expect(profiles.work!.endpoints).toEqual({ api: server.url });
  });

  it('runs a call signed with the profile and prints the JSON answer', async () => {
    const outcome = await tessera(['--profile', 'work', 'ReadAccounts']);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).Accounts[0].Email).toBe(email);
  });

  it('parses values like oapi-cli: JSON lists, strings kept as strings, booleans', async () => {
    const outcome = await tessera([
      '--profile',
      'work',
      'UpdateAccount',
      '--AdditionalEmails',
      '["billing@example.com"]',
      '--ZipCode',
      '92210',
      '--Country',
      'FR',
      '--City',
      'Saint-Cloud',
    ]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).Account).toMatchObject({
      AdditionalEmails: ['billing@example.com'],
      ZipCode: '92210',
      City: 'Saint-Cloud',
    });
    const dryRun = await tessera(['UpdateAccount', '--profile', 'work', '--City', 'Lyon', '--DryRun']);
    expect(JSON.parse(dryRun.stdout).Account.City).toBe('Lyon');
    const after = await tessera(['--profile', 'work', 'ReadAccounts']);
    expect(JSON.parse(after.stdout).Accounts[0].City).toBe('Saint-Cloud');
    // The audit trail knows the change came from the CLI, and the DryRun left none.
    const trail = await tessera(['--profile', 'work', 'ReadAuditLog', '--Filters', '{"Action":"UpdateAccount"}']);
    expect(JSON.parse(trail.stdout).Events).toMatchObject([{ Interface: 'cli', Action: 'UpdateAccount' }]);
    // The export, as `tessera ReadAuditLog --Format ndjson > audit.ndjson` writes it: one event a line, oldest first.
    const exported = await tessera(['--profile', 'work', 'ReadAuditLog', '--Format', 'ndjson']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { Seq: number; Action: string });
    expect(lines.map((event) => event.Seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.map((event) => event.Action)).toEqual(
      expect.arrayContaining(['SignUp', 'ConfirmEmail', 'UpdateAccount']),
    );
  });

  it('enrols an authenticator app: CreateTotp prints the otpauth URI, ConfirmTotp turns it on with a first code', async () => {
    const created = await tessera(['--profile', 'work', 'CreateTotp', '--CurrentPassword', STRONG_PASSWORD]);
    expect(created.code).toBe(0);
    const { OtpauthUri, Secret } = JSON.parse(created.stdout) as { OtpauthUri: string; Secret: string };
    expect(OtpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const confirmed = await tessera([
      '--profile',
      'work',
      'ConfirmTotp',
      '--Code',
      totpCode(Secret, server.clock.now()),
    ]);
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.stdout).RecoveryCodes).toHaveLength(10);
  });

  it('a write whose answer was lost is retried with the same Idempotency-Key, signed anew, and acts once', async () => {
    const proxy = await lossyProxy(server.url, '/CreateUser');
    try {
      const outcome = await tessera([
        '--profile',
        'work',
        '--endpoint',
        proxy.url,
        'CreateUser',
        '--UserName',
        'retried',
      ]);
      expect(outcome.code, outcome.stderr + outcome.stdout).toBe(0);
      expect(JSON.parse(outcome.stdout).User.UserName).toBe('retried');
      const tries = proxy.seen.filter((request) => request.path.endsWith('/CreateUser'));
      expect(tries).toHaveLength(2);
      expect(tries[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(tries[1]!.headers['idempotency-key']).toBe(tries[0]!.headers['idempotency-key']);
      expect(tries[1]!.headers.authorization).not.toBe(tries[0]!.headers.authorization);
      const users = JSON.parse((await tessera(['--profile', 'work', 'ReadUsers'])).stdout).Users as {
        UserName: string;
      }[];
      expect(users.filter((user) => user.UserName === 'retried')).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('prints the error envelope and exits non-zero when the call fails', async () => {
    const outcome = await tessera(['--profile', 'work', 'UpdateAccount', '--ZipCode', '9']);
    expect(outcome.code).toBe(1);
    expect(JSON.parse(outcome.stdout).Errors[0]).toMatchObject({
      Code: '4047',
      Details: 'ZipCode 9 is not a valid postal code for FR.',
    });
  });

  it('OSC_PROFILE, OSC_ENDPOINT_API and --endpoint choose the profile and the server', async () => {
    expect((await tessera(['ReadAccounts'], { OSC_PROFILE: 'work' })).code).toBe(0);
    const elsewhere = await tessera(['--profile', 'work', '--endpoint', 'http://127.0.0.1:9', 'ReadAccounts']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr.trim().split('\n')).toHaveLength(1);
    expect(elsewhere.stderr).toMatch(/^tessera: cannot reach http:\/\/127\.0\.0\.1:9/);
    const viaEnv = await tessera(['--profile', 'work', 'ReadAccounts'], { OSC_ENDPOINT_API: `${server.url}/api/v1` });
    expect(viaEnv.code).toBe(0);
  });

  it('a missing profile is one line of explanation', async () => {
    const outcome = await tessera(['--profile', 'nobody', 'ReadAccounts']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(
      /^tessera: there is no profile "nobody" in .*config\.json: add it with `tessera profile add nobody/,
    );
    expect(outcome.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a bad value is one line of explanation', async () => {
    const outcome = await tessera(['--profile', 'work', 'UpdateAccount', '--AdditionalEmails', 'not json']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toBe(`tessera: --AdditionalEmails takes JSON, such as '["a@example.com"]'.`);
  });

  it('<Call> --help lists the fields with their descriptions from the registry', async () => {
    const outcome = await tessera(['UpdateAccessKey', '--help']);
    expect(outcome.stdout).toMatch(/--AccessKeyId <value>\s+The ID of the access key\. \(required\)/);
    expect(outcome.stdout).toMatch(/--ClearTag \[true\|false\]/);
  });

  it('UpdatePassword asks for the passwords instead of taking them on the command line', async () => {
    const outcome = await tesseraWithInput(
      ['--profile', 'work', 'UpdatePassword'],
      [STRONG_PASSWORD, 'purple elephants dance at midnight'],
    );
    expect(outcome.code).toBe(0);
    expect(
      (await new ApiClient(server.url).call('SignIn', { Email: email, Password: 'purple elephants dance at midnight' }))
        .status,
    ).toBe(200);
  });
});
