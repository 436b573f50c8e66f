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
  /** Name hot statements; off behind a pooler that moves a session's statements between connections. */
  prepare: boolean;
}

/** The pool Tessera's Kysely runs on, with prepared statements unless told otherwise. */
export function postgresPool({ url, size, prepare }: PostgresPoolOptions): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: size });
  // An idle connection that the server ends (a restart, a failover) must not take the process
  // down: the pool drops it and opens a new one on the next query.
  pool.on('error', () => undefined);
  if (!prepare) return pool;
  const names = new StatementNames();
  // Kysely keeps its connection object per client: the same wrapper for the same client.
  const wrappers = new WeakMap<pg.PoolClient, PreparingClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = new PreparingClient(client, names);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
