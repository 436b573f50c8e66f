import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the failover stack runs: Debian's packages patroni, python3-etcd, etcd-server and haproxy. */
export const NEEDED = {
  patroni: '/usr/bin/patroni',
  etcd: '/usr/bin/etcd',
  haproxy: '/usr/sbin/haproxy',
  pgBin: '/usr/lib/postgresql/15/bin',
  // Patroni's etcd3 client imports it, but Debian's patroni may have pulled in another DCS's module instead.
  pythonEtcd: '/usr/lib/python3/dist-packages/etcd',
};

/** One Patroni-managed PostgreSQL node: its ports and its folder. */
export interface Node {
  name: string;
  restPort: number;
  pgPort: number;
  dir: string;
  patroni?: ChildProcess;
}

/** A node's Patroni configuration (YAML is a superset of JSON): the settings of reference/ha-postgres.md. */
export function patroniConfig(node: Node, etcdPort: number): object {
  const trust = ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust'];
  const postgres = { username: 'postgres' };
  return {
    scope: 'tessera',
    name: node.name,
    restapi: { listen: `127.0.0.1:${node.restPort}`, connect_address: `127.0.0.1:${node.restPort}` },
    etcd3: { hosts: [`127.0.0.1:${etcdPort}`] },
    watchdog: { mode: 'off' }, // no /dev/watchdog here: spare the warning at each promotion
    bootstrap: {
      dcs: {
        ttl: 20,
        loop_wait: 5,
        retry_timeout: 5,
        maximum_lag_on_failover: 1048576,
        // The default (300) restarts a crashed primary in place for minutes instead of failing over.
        primary_start_timeout: 0,
        synchronous_mode: true,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: { wal_log_hints: 'on', max_wal_senders: 10, max_replication_slots: 10, wal_keep_size: '64MB' },
        },
      },
      initdb: [{ encoding: 'UTF8' }, 'data-checksums', { auth: 'trust' }],
    },
    postgresql: {
      listen: `127.0.0.1:${node.pgPort}`,
      connect_address: `127.0.0.1:${node.pgPort}`,
      data_dir: join(node.dir, 'data'),
      bin_dir: NEEDED.pgBin,
      pgpass: join(node.dir, 'pgpass'),
      authentication: { superuser: postgres, replication: postgres, rewind: postgres },
      // Throwaway data on a small machine: durability and memory are not what is tested.
      parameters: { unix_socket_directories: node.dir, fsync: 'off', shared_buffers: '16MB' },
      pg_hba: trust,
    },
  };
}

/** HAProxy routing to the node whose Patroni says it is the primary. */
export function haproxyConfig(port: number, nodes: Node[], checks: string): string {
  return [
    'defaults',
    '  mode tcp',
    '  timeout connect 4s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout check 2s',
    'listen postgres',
    `  bind 127.0.0.1:${port}`,
    '  option httpchk GET /primary',
    '  http-check expect status 200',
    `  default-server ${checks} on-marked-down shutdown-sessions`,
    ...nodes.map((node) => `  server ${node.name} 127.0.0.1:${node.pgPort} check port ${node.restPort}`),
    '',
  ].join('\n');
}
