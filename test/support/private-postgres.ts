import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './ports.js';

const run = promisify(execFile);

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  return version ? join(root, version, 'bin') : undefined;
}

/**
 * Why a PostgreSQL server of the test's own cannot run here, or undefined when it can: it is made
 * with the machine's initdb and run as the postgres user, so the test needs root (as in CI).
 */
export const privatePostgresMissing = ((): string | undefined => {
  if (!postgresBin()) return "PostgreSQL's server programs are not installed (/usr/lib/postgresql)";
  if (process.getuid?.() !== 0) return 'starting a PostgreSQL server as the postgres user needs root';
  return undefined;
})();

/** The postgres user's ids, for a server or a pooler that runs as that user. */
export function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

/** Makes a folder the postgres user's. */
export function giveToPostgres(dir: string): void {
  const { uid, gid } = postgresUser();
  chownSync(dir, uid, gid);
}

export interface PrivatePostgres {
  url: string;
  /** A hot standby of this server, streaming from it: a server in recovery, which takes no write. */
  standby(): Promise<PrivatePostgres>;
  start(): Promise<void>;
  /** Stops it as an operator's restart does: connections are ended, and new ones refused until it starts. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, in a temporary folder, on a free port: a test may stop
 * and start it without touching the one the other suites share.
 */
export async function privatePostgres(primary?: { port: number }): Promise<PrivatePostgres> {
  const bin = postgresBin()!;
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  giveToPostgres(dir);
  const asPostgres = (program: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args]);
  const data = join(dir, 'data');
  if (primary)
    await asPostgres('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
    ]);
  else await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const [port] = await freePorts(1);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    standby: () => privatePostgres({ port: port! }),
    start: async () =>
      void (await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'])),
    stop: async () => void (await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])),
    destroy: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
