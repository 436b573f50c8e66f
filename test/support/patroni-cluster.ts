import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { haproxyConfig, NEEDED, patroniConfig, type Node } from './patroni-config.js';
import { freePorts } from './ports.js';
import { giveToPostgres, postgresUser } from './private-postgres.js';

/** Why the stack cannot run here (missing binaries, not root), or undefined. */
export const patroniClusterMissing = ((): string | undefined => {
  const absent = Object.values(NEEDED).filter((path) => !existsSync(path));
  if (absent.length > 0)
    return `not installed: ${absent.join(', ')} (apt-get install patroni python3-etcd etcd-server haproxy)`;
  if (process.getuid?.() !== 0) return 'Patroni must be started as the postgres user, which needs root';
  return undefined;
})();

export interface PatroniCluster {
  /** postgres:// URL through HAProxy's client port, database `postgres`, user `postgres` (trust). */
  url: string;
  /** Name of the current leader (from GET /cluster on any REST port; retries while none). */
  leader(): Promise<string>;
  /** kill -KILL the leader's postmaster (pid from postmaster.pid); returns the old leader's name. */
  killLeaderPostmaster(): Promise<string>;
  /** kill -KILL the leader's Patroni AND its postmaster (node loss); returns its name. */
  killLeaderNode(): Promise<string>;
  /** Start a killed node's Patroni again so it rejoins (as replica). */
  restartNode(name: string): Promise<void>;
  /** Planned switchover to the synchronous standby via REST; returns the new leader's name. */
  switchover(): Promise<string>;
  /** Resolves when a leader is reachable through HAProxy, a sync_standby exists and all 3 members run. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  destroy(): Promise<void>;
}

type Member = { name: string; role: string; state: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value; the last error (or `what`) explains a timeout. */
async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(250);
  }
  throw new Error(`${what} within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** A child that writes its output to `log` and runs in `cwd`, so that destroy() can find all it leaves. */
function start(program: string, args: string[], cwd: string, log: string, asPostgres = false): ChildProcess {
  const fd = openSync(log, 'a');
  const child = spawn(program, args, {
    cwd,
    stdio: ['ignore', fd, fd],
    // Patroni's shebang is the system python, which alone has its modules: keep pyenv and the like out.
    env: { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', LANG: 'C.UTF-8', HOME: cwd },
    ...(asPostgres ? postgresUser() : {}),
  });
  closeSync(fd); // the child has its own copy
  child.on('error', () => undefined);
  return child;
}

/** Pids of every process that runs in or names the temporary folder: ours and all Patroni started. */
function processesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((pid) => {
      try {
        const cwd = readlinkSync(`/proc/${pid}/cwd`);
        return cwd === dir || cwd.startsWith(`${dir}/`) || readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Signals a process that may be gone already. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone: nothing to do
  }
}

function postmasterPid(node: Node): number {
  return Number(readFileSync(join(node.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return `(no ${file})`;
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Three Patroni nodes, one etcd and an HAProxy in front, all on loopback in a temporary folder. */
export async function patroniCluster({
  checks = 'inter 1s fall 2 rise 1',
}: {
  /**
   * HAProxy's health checks. The default, faster than Patroni's loop, marks an old primary down
   * before it is back as a replica; slower ones route new connections to it for a few seconds.
   */
  checks?: string;
} = {}): Promise<PatroniCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-patroni-'));
  giveToPostgres(dir);
  const [etcdPort, peerPort, proxyPort, ...nodePorts] = await freePorts(9);
  const nodes: Node[] = [1, 2, 3].map((n) => {
    const node = {
      name: `node${n}`,
      restPort: nodePorts[2 * n - 2]!,
      pgPort: nodePorts[2 * n - 1]!,
      dir: join(dir, `node${n}`),
    };
    mkdirSync(node.dir, { mode: 0o700 });
    giveToPostgres(node.dir);
    writeFileSync(join(node.dir, 'node.yml'), JSON.stringify(patroniConfig(node, etcdPort!), null, 2));
    return node;
  });
  const logOf = (name: string) => join(dir, `${name}.log`);
  const byName = (name: string) => nodes.find((node) => node.name === name)!;
  const startPatroni = (node: Node) => {
    node.patroni = start(NEEDED.patroni, ['node.yml'], node.dir, logOf(node.name), true);
  };

  const etcdUrl = (port: number | undefined) => `http://127.0.0.1:${port}`;
  start(
    NEEDED.etcd,
    [
      ...['--name', 'etcd', '--data-dir', join(dir, 'etcd'), '--logger', 'zap'],
      ...['--listen-client-urls', etcdUrl(etcdPort), '--advertise-client-urls', etcdUrl(etcdPort)],
      ...['--listen-peer-urls', etcdUrl(peerPort), '--initial-advertise-peer-urls', etcdUrl(peerPort)],
      ...['--initial-cluster', `etcd=${etcdUrl(peerPort)}`, '--initial-cluster-state', 'new'],
    ],
    dir,
    logOf('etcd'),
  );
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(proxyPort!, nodes, checks));
  start(NEEDED.haproxy, ['-db', '-f', join(dir, 'haproxy.cfg')], dir, logOf('haproxy'));

  const members = async (): Promise<Member[]> => {
    let last: unknown;
    for (const node of nodes) {
      try {
        const response = await fetch(`http://127.0.0.1:${node.restPort}/cluster`, {
          signal: AbortSignal.timeout(2000),
        });
        if (response.ok) return ((await response.json()) as { members: Member[] }).members;
      } catch (error) {
        last = error;
      }
    }
    throw new Error(`no Patroni REST API answers GET /cluster: ${String(last)}`);
  };
  const withRole = async (role: string) => (await members()).find((member) => member.role === role)?.name;
  const leader = () => poll('no leader', 60_000, () => withRole('leader'));
  const url = `postgres://postgres@127.0.0.1:${proxyPort}/postgres`;

  /** True when HAProxy forwards to a server that takes writes. */
  const primaryThroughProxy = async (): Promise<boolean> => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
      return rows[0]?.recovery === false;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  const waitHealthy = async (timeoutMs = 90_000): Promise<void> => {
    let seen: Member[] | string = 'nothing yet';
    try {
      await poll('the cluster was not healthy', timeoutMs, async () => {
        seen = await members();
        const running = seen.length === 3 && seen.every((member) => ['running', 'streaming'].includes(member.state));
        const roles = seen.map((member) => member.role);
        const ready = running && roles.includes('leader') && roles.includes('sync_standby');
        return ready && (await primaryThroughProxy()) ? true : undefined;
      });
    } catch (error) {
      const logs = ['etcd', 'haproxy', ...nodes.map((node) => node.name)].map(
        (name) => `--- ${name}\n${tail(logOf(name))}`,
      );
      throw new Error(`${(error as Error).message}\ncluster: ${JSON.stringify(seen)}\n${logs.join('\n')}`);
    }
  };

  const killLeaderNode = async (): Promise<string> => {
    const node = byName(await leader());
    const exited = new Promise((resolve) => node.patroni?.once('exit', resolve));
    node.patroni?.kill('SIGKILL');
    await exited;
    node.patroni = undefined;
    signal(postmasterPid(node), 'SIGKILL');
    return node.name;
  };

  const switchover = async (): Promise<string> => {
    const [from, to] = [await leader(), await poll('no sync_standby', 60_000, () => withRole('sync_standby'))];
    const response = await fetch(`http://127.0.0.1:${byName(from).restPort}/switchover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ leader: from, candidate: to }),
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`switchover ${from} → ${to}: ${response.status} ${await response.text()}`);
    return poll(`${to} did not become leader`, 60_000, async () =>
      (await withRole('leader')) === to ? to : undefined,
    );
  };

  const destroy = async (): Promise<void> => {
    // Patroni first, so that it starts nothing again; then an immediate shutdown of each postmaster, which
    // ends its children and frees its shared memory; whatever remains (etcd, HAProxy, pg_rewind…) is killed.
    for (const node of nodes) node.patroni?.kill('SIGKILL');
    await sleep(200);
    // A killed node's postmaster.pid is stale: its pid may be another process's by now.
    const ours = processesUnder(dir);
    for (const node of nodes.filter((node) => existsSync(join(node.dir, 'data', 'postmaster.pid')))) {
      if (ours.includes(postmasterPid(node))) signal(postmasterPid(node), 'SIGQUIT');
    }
    for (let tries = 0; processesUnder(dir).length > 0; tries++) {
      if (tries > 10) for (const pid of processesUnder(dir)) signal(pid, 'SIGKILL');
      if (tries > 100) throw new Error(`processes left in ${dir}: ${processesUnder(dir).join(' ')}`);
      await sleep(100);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await poll('etcd did not start', 20_000, async () =>
      (await fetch(`${etcdUrl(etcdPort)}/health`)).ok ? true : undefined,
    );
    // All at once: the first to take etcd's initialize key runs initdb, the others then copy it.
    for (const node of nodes) startPatroni(node);
    await waitHealthy();
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    url,
    leader,
    killLeaderPostmaster: async () => {
      const name = await leader();
      signal(postmasterPid(byName(name)), 'SIGKILL');
      return name;
    },
    killLeaderNode,
    restartNode: async (name) => {
      const node = byName(name);
      if (node.patroni) throw new Error(`${name}'s Patroni is still running`);
      startPatroni(node);
    },
    switchover,
    waitHealthy,
    destroy,
  };
}
