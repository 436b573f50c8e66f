import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports.js';
import { giveToPostgres, postgresUser } from './private-postgres.js';

const PGBOUNCER = '/usr/sbin/pgbouncer';

/** Why the suites cannot run through PgBouncer here, or undefined when they can (Debian's pgbouncer, run as postgres). */
export const pgbouncerMissing = !existsSync(PGBOUNCER)
  ? `PgBouncer is not installed (${PGBOUNCER}: apt-get install pgbouncer)`
  : process.getuid?.() !== 0
    ? 'PgBouncer refuses root and must be started as the postgres user, which needs root'
    : undefined;

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket.end() !== undefined));
    socket.once('error', () => resolve(false));
  });
}

export interface PgBouncer {
  port: number;
  stop(): Promise<void>;
}

/**
 * A PgBouncer in transaction pooling mode in front of `upstream` (host:port): every database
 * there is reachable through it by name, as a provider's pooler would serve Tessera.
 */
export async function startPgBouncer(upstream: URL): Promise<PgBouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pgbouncer-'));
  const port = (await freePorts(1))[0]!;
  writeFileSync(join(dir, 'users.txt'), '"postgres" ""\n');
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 10',
      'max_client_conn = 1000',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      'ignore_startup_parameters = extra_float_digits',
    ].join('\n'),
  );
  giveToPostgres(dir);
  // Started as postgres itself (not through runuser), so that stopping it stops PgBouncer.
  const child = spawn(PGBOUNCER, [join(dir, 'pgbouncer.ini')], { ...postgresUser(), stdio: 'ignore' });
  for (let tries = 0; !(await listening(port)); tries++) {
    if (tries > 100 || child.exitCode !== null) throw new Error(`PgBouncer did not start (see ${dir}/pgbouncer.log)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
