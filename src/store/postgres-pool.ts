import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import pg from 'pg';

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

/** What Kysely's PostgreSQL driver needs of a pool's client, preparing what has parameters. */
class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sql !== 'string') return this.client.query(sql as never) as PostgresCursor<R>;
    const values = [...parameters];
    const name = values.length > 0 ? this.names.nameOf(sql) : undefined;
    return this.client.query(name ? { name, text: sql, values } : { text: sql, values }) as unknown as Promise<
      PostgresQueryResult<R>
    >;
  }

  release(): void {
    this.client.release();
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

/** Whether statements may be named on this connection's path: not through a pooler, unless told. */
async function preparable(client: pg.PoolClient, url: string): Promise<boolean> {
  const { rows } = await client.query<{ port: number | null }>('select inet_server_port() as port');
  const named = new URL(url).port || '5432';
  return rows[0]?.port == null || String(rows[0].port) === named;
}

/** The pool Tessera's Kysely runs on, with hot statements prepared unless told (or found) otherwise. */
export function postgresPool({ url, size, prepare }: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: size });
  // A connection that the server ends (a restart, a failover) must not take the process down:
  // idle, the pool drops it; in use, its query fails (a 503) and the pool drops it when it is
  // given back. Either way the next query opens a new one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  if (prepare === false) return pool;
  const names = new StatementNames();
  let decided: Promise<boolean> | undefined = prepare === true ? Promise.resolve(true) : undefined;
  // Kysely keeps its connection object per client: the same wrapper for the same client.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        decided ??= preparable(client, url).catch((error: unknown) => {
          decided = undefined;
          throw error;
        });
        wrapper = (await decided) ? new PreparingClient(client, names) : client;
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
