import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, restore } from '../../src/cli/maintenance.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { SmtpSink } from '../support/mailbox.js';
import { freePorts } from '../support/ports.js';
import { startTestServer } from '../support/test-server.js';

const run = promisify(execFile);
const folders: string[] = [];
const folder = () => {
  const made = mkdtempSync(join(tmpdir(), 'tessera-backup-'));
  folders.push(made);
  return made;
};
afterAll(() => {
  for (const made of folders) rmSync(made, { recursive: true, force: true });
});

function tessera(args: string[], env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env: { ...process.env, ...env } });
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => error,
  );

describe('backing up the embedded database without stopping it', () => {
  it('tessera backup copies the running instance under writes; restored into a fresh folder, every write acknowledged before it began is there and the chains verify', async () => {
    const server = await startTestServer('sqlite');
    const dataDir = server.services.config.dataDir;
    const { client: owner, email } = await signedUpClient(server.url);
    const acknowledged: string[] = [];
    let writing = true;
    const writes = (async () => {
      for (let i = 0; writing; i += 1) {
        const answer = await owner.call('CreateUser', { UserName: `user-${i}` });
        if (answer.status !== 200) throw new Error(`a write failed during the backup: ${answer.text}`);
        acknowledged.push(`user-${i}`);
      }
    })();
    while (acknowledged.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));

    const backups = folder();
    const file = join(backups, 'tessera.db');
    const before = [...acknowledged];
    const { stdout } = await tessera(['backup', file], { TESSERA_DATA_DIR: dataDir });
    const meanwhile = acknowledged.length;
    writing = false;
    await writes;
    expect(stdout).toMatch(/^Backed up .* to .*tessera\.db \(\d+ bytes, schema at 00\d\d-/);
    // The server kept acknowledging writes while the backup ran in its own process.
    expect(meanwhile).toBeGreaterThan(before.length);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // A second backup to the same name is refused rather than overwriting the first.
    await expect(backup(server.services.config, file, () => undefined)).rejects.toThrow(/exists already/);
    // Restoring under the running server is refused.
    await expect(restore(server.services.config, file, () => undefined)).rejects.toThrow(
      /^the SQLite database is in use by another process/,
    );

    const restored = folder();
    // The backup holds no key: the server key goes with it, kept apart.
    copyFileSync(join(dataDir, 'secret.key'), join(restored, 'secret.key'));
    await server.close();
    const said: string[] = [];
    await restore(loadConfig({ TESSERA_DATA_DIR: restored }), file, (line) => said.push(line));
    expect(said).toEqual([expect.stringMatching(/^Restored .* \(schema at 00\d\d-/)]);

    const sink = await SmtpSink.start();
    const [port] = (await freePorts(1)) as [number];
    const { app } = await createServer(
      loadConfig({
        TESSERA_DATA_DIR: restored,
        TESSERA_PORT: String(port),
        TESSERA_PUBLIC_URL: `http://127.0.0.1:${port}`,
        TESSERA_LOG_LEVEL: 'silent',
        SMTP_URL: sink.url,
      }),
      pino({ level: 'silent' }),
    );
    try {
      await app.listen({ host: '127.0.0.1', port });
      const client = new ApiClient(`http://127.0.0.1:${port}`);
      expect((await client.call('SignIn', { Email: email, Password: STRONG_PASSWORD })).status).toBe(200);
      const users = (await client.call('ReadUsers', { ResultsPerPage: 1000 })).body.Users as { UserName: string }[];
      const names = new Set(users.map((user) => user.UserName));
      expect(before.filter((name) => !names.has(name))).toEqual([]);
      expect((await client.call('VerifyAuditLog')).body).toMatchObject({ Valid: true });
      expect((await client.call('CreateUser', { UserName: 'after-restore' })).status).toBe(200);
    } finally {
      await app.close();
      await sink.stop();
    }
  }, 60_000);

  it('a backup that is not a sound Tessera database is refused before anything is replaced', async () => {
    const dataDir = folder();
    const bogus = join(folder(), 'not-a-database.db');
    copyFileSync(new URL(import.meta.url).pathname, bogus);
    await expect(restore(loadConfig({ TESSERA_DATA_DIR: dataDir }), bogus, () => undefined)).rejects.toThrow(
      /file is not a database/,
    );
    expect(existsSync(join(dataDir, 'tessera.db'))).toBe(false);
  });

  it("ASVS 13.3.2: the data folder Tessera makes, its database, WAL, index and lock, and backups are for the server's user only, under umask 022", async () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    const umask = process.umask(0o022);
    try {
      const dataDir = join(folder(), 'data');
      const server = await startTestServer('sqlite', { TESSERA_DATA_DIR: dataDir });
      const file = join(folder(), 'tessera.db');
      try {
        await signedUpClient(server.url);
        expect(mode(dataDir)).toBe(0o700);
        for (const name of ['tessera.db', 'tessera.db-wal', 'tessera.db-shm', 'tessera.db.owner', 'secret.key'])
          expect(mode(join(dataDir, name)), name).toBe(0o600);
        await backup(server.services.config, file, () => undefined);
        expect(mode(file)).toBe(0o600);
      } finally {
        await server.close();
      }
      // A backup copied about as 0644 is restored as 0600, into a folder made 0700.
      chmodSync(file, 0o644);
      const restored = join(folder(), 'restored');
      await restore(loadConfig({ TESSERA_DATA_DIR: restored }), file, () => undefined);
      expect(mode(restored)).toBe(0o700);
      expect(mode(join(restored, 'tessera.db'))).toBe(0o600);
    } finally {
      process.umask(umask);
    }
  });

  it('tessera restore refuses the live database itself, by any name, and leaves it as it was', async () => {
    const dataDir = join(folder(), 'data');
    const server = await startTestServer('sqlite', { TESSERA_DATA_DIR: dataDir });
    await signedUpClient(server.url);
    const config = server.services.config;
    await server.close();
    const live = join(dataDir, 'tessera.db');
    const link = join(folder(), 'link.db');
    symlinkSync(live, link);
    for (const named of [live, relative(process.cwd(), live), link]) {
      await expect(restore(config, named, () => undefined)).rejects.toThrow(
        `${named} is the database itself (${live}): name a backup made with tessera backup, not the live database.`,
      );
    }
    const failure = await failureOf(tessera(['restore', live], { TESSERA_DATA_DIR: dataDir }));
    expect(failure.stderr).toMatch(/is the database itself/);
    expect(readdirSync(dataDir).filter((name) => name.includes('replaced') || name.includes('restoring'))).toEqual([]);
  });

  it('on PostgreSQL, tessera backup says to use pg_dump', async () => {
    const failure = await failureOf(
      tessera(['backup', join(folder(), 'x.dump')], { DATABASE_URL: 'postgres://127.0.0.1:5432/none' }),
    );
    expect(failure.stderr).toMatch(
      /^tessera: tessera backup copies the embedded SQLite database\. For PostgreSQL use pg_dump/,
    );
  });
});
