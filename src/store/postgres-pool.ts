import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './database-errors.js';

/** Distinct statements given a name, at most: beyond, the rare ones run unnamed, as before. */
const MAX_NAMED = 500;

/**
 * Statement names, one per SQL text, shared by every connection: pg parses a named statement
 * once per connection and then sends only Bind and Execute, so PostgreSQL neither parses nor
 * plans a hot statement again. Only statements with parameters are named (the others, BEGIN
 * and COMMIT, go by the simple protocol, which is cheaper still).
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < MAX_NAMED) {
      name = `tessera_${this.names.size}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

/**
 * What Kysely's PostgreSQL driver needs of a pool's client: it names what has parameters (when
 * `names` is given), and a client whose server turned out read-only — a replica the proxy still
 * routes to during a failover — or went away is destroyed when given back, never reused.
 */
class CheckedClient implements PostgresPoolClient {
  private broken = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames | undefined,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') return this.client.query(sql as never) as PostgresCursor<R>;
    const values = [...parameters];
    const name = values.length > 0 ? this.names?.nameOf(sql) : undefined;
    const result = this.client.query(name ? { name, text: sql, values } : { text: sql, values }) as unknown as Promise<
      PostgresQueryResult<R>
    >;
    return result.catch((error: unknown) => {
      if (isDatabaseUnavailable(error)) this.broken = true;
      throw error;
    });
  }

  release(): void {
    // pg-pool destroys a client released with an error instead of keeping it.
    this.client.release(this.broken || undefined);
  }
}

export interface PostgresPoolOptions {
  url: string;
  size: number;
  /**
   * Name hot statements: `auto` does unless a pooler stands between Tessera and PostgreSQL (the
   * server answers on another port than the URL names), since PgBouncer's transaction pooling
   * before 1.21 moves a session's statements between server connections.
   */
  prepare: boolean | 'auto';
}

/** A new connection reached a server in recovery: a replica, which can take no write. */
class ReadOnlyServer extends Error {
  readonly code = '25006';
  constructor() {
    super('the database server reached is a read-only replica (a failover is under way)');
  }
}

interface ServerFacts {
  recovering: boolean;
  port: number | null;
}

/**
 * What a new connection's server is, in one round trip: whether it is in recovery (node-postgres
 * has no `target_session_attrs`), and the port it answers on (a pooler's differs from the URL's).
 */
async function serverFacts(client: pg.PoolClient): Promise<ServerFacts> {
  const { rows } = await client.query<ServerFacts>(
    'select pg_is_in_recovery() as recovering, inet_server_port() as port',
  );
  return rows[0] ?? { recovering: false, port: null };
}

/**
 * The pool Tessera's Kysely runs on: every new connection is checked to reach a primary, and
 * hot statements are prepared unless told (or found) otherwise.
 */
/** How busy the pool is, for the metrics. */
export interface PoolUse {
  inUse: number;
  idle: number;
  waiting: number;
}

export function postgresPool({ url, size, prepare }: PostgresPoolOptions): PostgresPool & { use(): PoolUse } {
  const pool = new pg.Pool({ connectionString: url, max: size });
  // A connection that the server ends (a restart, a failover) must not take the process down:
  // idle, the pool drops it; in use, its query fails (a 503) and the pool drops it when it is
  // given back. Either way the next query opens a new one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const names = new StatementNames();
  const urlPort = new URL(url).port || '5432';
  // Whether statements may be named on this path: decided once, by the first connection.
  let preparing: boolean | undefined = prepare === 'auto' ? undefined : prepare;
  // Kysely keeps its connection object per client: the same wrapper for the same client.
  const wrappers = new WeakMap<pg.PoolClient, CheckedClient>();
  return {
    async connect() {
      const client = await pool.connect();
      const known = wrappers.get(client);
      if (known) return known;
      let facts: ServerFacts;
      try {
        facts = await serverFacts(client);
      } catch (error) {
        client.release(true);
        throw error;
      }
      if (facts.recovering) {
        client.release(true);
        throw new ReadOnlyServer();
      }
      preparing ??= facts.port == null || String(facts.port) === urlPort;
      const wrapper = new CheckedClient(client, preparing ? names : undefined);
      wrappers.set(client, wrapper);
      return wrapper;
    },
    end: () => pool.end(),
    use: () => ({ inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
