import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { migrate, openStore } from '../../src/store/database.js';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function tessera(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env } });
}

describe('the tessera command', () => {
  it('--help lists every call of the registry but those that only a browser session makes sense of', async () => {
    const { stdout } = await tessera(['--help']);
    const commands = new Set(stdout.split('\n').map((line) => /^ {2}(\w+)/.exec(line)?.[1]));
    for (const call of CALLS) expect(commands.has(call.name), call.name).toBe(!call.browserOnly);
    expect([...CALLS].filter((call) => call.browserOnly).map((call) => call.name)).toEqual([
      'SignIn',
      'CompleteSignIn',
      'SignOut',
      'StartExternalSignIn',
      'CompleteExternalSignIn',
      'ReauthenticateWithSecondFactor',
      'CreatePasskeyOptions',
      'CreatePasskey',
      'StartPasskeySignIn',
      'CompletePasskeySignIn',
    ]);
    expect(stdout).toMatch(/serve/);
    expect(stdout).toMatch(/migrate/);
    // A sign-in would put the password in the shell's history and keep no session anyway.
    await expect(tessera(['SignIn', '--Email', 'a@example.com'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/unknown command 'SignIn'/),
    });
  });

  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect((await tessera([flag])).stdout).toBe(`${version}\n`);
  });

  it('migrate creates the SQLite database, then finds it up to date', async () => {
    const first = await tessera(['migrate', '--data-dir', dataDir]);
    expect(first.stdout).toMatch(/Applied: 0001/);
    expect(existsSync(join(dataDir, 'tessera.db'))).toBe(true);
    const second = await tessera(['migrate'], { TESSERA_DATA_DIR: dataDir });
    expect(second.stdout).toMatch(/up to date/);
  });

  it('a bad setting stops start-up with one clear line', async () => {
    const failure = await tessera(['serve'], { TESSERA_PORT: 'eighty', TESSERA_DATA_DIR: dataDir }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr.trim().split('\n')).toEqual([
      'tessera: TESSERA_PORT=eighty is not valid: expected a whole number from 0 to 65535.',
    ]);
  });

  it('refuses a second process on the embedded database with one clear line', async () => {
    const store = openStore({ url: `sqlite:${join(dataDir, 'tessera.db')}` });
    try {
      await migrate(store, { seal: () => 'a seal', holds: () => false });
      const failure = await tessera(['migrate', '--data-dir', dataDir]).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect('code' in failure && failure.code).toBe(1);
      expect(failure.stderr).toMatch(/^tessera: the SQLite database is in use by another process/);
    } finally {
      await store.close();
    }
  });
});
