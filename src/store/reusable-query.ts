import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000tessera-parameter:';

/**
 * A query built and compiled once per database handle, then run with new parameter values:
 * hot paths skip Kysely's builder and compiler on every request. `build` receives a
 * placeholder for each named parameter and must use it only as a value.
 */
export class ReusableQuery<Row, Name extends string> {
  // By dialect (its adapter): a transaction's handle, a new one each time, compiles the same SQL.
  private readonly compiled = new WeakMap<object, CompiledQuery>();

  constructor(
    private readonly names: readonly Name[],
    private readonly build: (db: Kysely<Database>, placeholder: Record<Name, string>) => Compilable<Row>,
  ) {}

  async run(db: Kysely<Database>, values: Record<Name, unknown>): Promise<Row[]> {
    const executor = db.getExecutor();
    let compiled = this.compiled.get(executor.adapter);
    if (!compiled) {
      const placeholders = Object.fromEntries(this.names.map((name) => [name, `${MARK}${name}`])) as Record<
        Name,
        string
      >;
      compiled = this.build(db, placeholders).compile();
      this.compiled.set(executor.adapter, compiled);
    }
    const parameters = compiled.parameters.map((value) =>
      typeof value === 'string' && value.startsWith(MARK) ? values[value.slice(MARK.length) as Name] : value,
    );
    // The handle's plugins see the statement as built (a transaction counts the rows a write
    // returns), under the id of this run.
    const queryId = createQueryId();
    executor.transformQuery(compiled.query, queryId);
    const result = await db.executeQuery<Row>({ ...compiled, parameters, queryId });
    return result.rows;
  }
}
