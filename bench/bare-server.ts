import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';
import pg from 'pg';

// The ceilings: the fastest a Node.js HTTP server answers on this machine, doing nothing
// (BARE_DB unset), or doing the least an authenticated read must do, one indexed SELECT of one
// row among many, on SQLite (BARE_DB=sqlite:<file>) or through pg (BARE_DB=postgres://…, with
// a pool as large as Tessera's and the statement prepared once per connection).
const ROWS = 10_000;
const ROW = {
  id: 'x'.repeat(64),
  account_id: '123456789012',
  first_name: 'Bench',
  email: 'bench@example.com',
  rights: '[]',
};
const target = process.env.BARE_DB ?? '';

type Lookup = (id: string) => Promise<unknown>;

function sqliteLookup(file: string): Lookup {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    'create table if not exists bare_rows (id text primary key, account_id text, first_name text, email text, rights text)',
  );
  const insert = db.prepare('insert or ignore into bare_rows values (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++)
      insert.run(String(i).padStart(64, '0'), ROW.account_id, ROW.first_name, ROW.email, ROW.rights);
  })();
  const select = db.prepare('select * from bare_rows where id = ?');
  return (id) => Promise.resolve(select.get(id));
}

async function postgresLookup(url: string): Promise<Lookup> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.TESSERA_DATABASE_POOL_SIZE ?? 10) });
  await pool.query(
    'create table if not exists bare_rows (id text primary key, account_id text, first_name text, email text, rights text)',
  );
  await pool.query(
    `insert into bare_rows select lpad(i::text, 64, '0'), $1, $2, $3, $4 from generate_series(0, ${ROWS - 1}) i on conflict do nothing`,
    [ROW.account_id, ROW.first_name, ROW.email, ROW.rights],
  );
  return async (id) =>
    (await pool.query({ name: 'bare-row', text: 'select * from bare_rows where id = $1', values: [id] })).rows[0];
}

const lookup: Lookup | undefined = target.startsWith('sqlite:')
  ? sqliteLookup(target.slice('sqlite:'.length))
  : target.startsWith('postgres')
    ? await postgresLookup(target)
    : undefined;

let next = 0;
const server = createServer((_request, response) => {
  const answer = (row: unknown) => {
    const body = JSON.stringify({ Row: row, ResponseContext: { RequestId: '00000000-0000-0000-0000-000000000000' } });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  if (!lookup) return answer(undefined);
  next = (next + 1) % ROWS;
  lookup(String(next).padStart(64, '0')).then(answer, (error: unknown) => {
    response.writeHead(500);
    response.end(String(error));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
