import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.js';

/**
 * Named values as one JSON object: pg describes and parses every column of every execution, so a
 * query that runs on every request (the credential and its account) reads one column, not twenty.
 * Objects nest. `fromJson` takes the row back.
 */
export function jsonObject<T>(db: Kysely<Database>, entries: Record<string, RawBuilder<unknown> | string>) {
  const pairs = Object.entries(entries).map(
    ([name, value]) => sql`${sql.lit(name)}, ${typeof value === 'string' ? sql.ref(value) : value}`,
  );
  const build = db.getExecutor().adapter instanceof PostgresAdapter ? 'json_build_object' : 'json_object';
  return sql<T | string>`${sql.raw(build)}(${sql.join(pairs)})`;
}

/** A row read with jsonObject: PostgreSQL's driver parses JSON, SQLite's does not. */
export function fromJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
