import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Command } from 'commander';
import { Kysely, SqliteDialect } from 'kysely';
import { checkKeyRing, retireOlderCanaries } from '../auth/key-ring-check.js';
import { countNotNewest, resealColumn, SEALED_COLUMNS } from '../auth/reseal.js';
import { keyRingSource, serverSecrets } from '../auth/secret-box.js';
import { databaseOptions, type Config } from '../config.js';
import { openStore, ownSqlite, schemaLevel } from '../store/database.js';
import { privateDirectory } from '../store/private-files.js';
import type { Database } from '../store/schema.js';
import { CliError } from './osc-config.js';

type Options = Record<string, string | undefined>;
type Say = (line: string) => void;

/** The embedded database's file, or a refusal naming what to use on PostgreSQL instead. */
function sqliteFile(config: Config, onPostgres: string): string {
  if (!config.databaseUrl.startsWith('sqlite:')) throw new CliError(onPostgres);
  return config.databaseUrl.slice('sqlite:'.length);
}

/**
 * `tessera reseal`: seals every stored secret, audit seal and checkpoint again with the newest
 * key of the ring, beside the running servers (each row alone, compare-and-set), then, when
 * nothing is left under an older key, forgets the older keys' canaries: a start with only the
 * newest key works.
 */
export async function reseal(config: Config, say: Say): Promise<void> {
  const box = serverSecrets(config);
  const store = openStore({ ...databaseOptions(config), shared: true });
  try {
    const { level } = await schemaLevel(store.db);
    if (level !== 'current')
      throw new CliError(
        level === 'newer'
          ? 'the database was migrated by a later Tessera: run that version’s tessera reseal.'
          : 'the database is not at this version’s schema: start the server or run tessera migrate first.',
      );
    await checkKeyRing(store.db, box, keyRingSource(config), Date.now());
    say(`Sealing everything with key ${box.newestKeyId}, the newest of ${box.keyIds().join(', ')}.`);
    let broken = 0;
    for (const column of SEALED_COLUMNS) {
      const count = await resealColumn(store.db, box, column);
      broken += count.broken;
      say(
        `${count.values}: ${count.resealed} resealed, ${count.changedMeanwhile} changed meanwhile, ${count.broken} left as found (they do not open or hold under any key).`,
      );
    }
    let left = 0;
    for (const column of SEALED_COLUMNS) left += await countNotNewest(store.db, box, column);
    if (left > broken) {
      say(
        `${left - broken} values are still sealed with an older key (written meanwhile by a process whose newest key is another?): restart every process with the new ring first, then run tessera reseal again. Keep the older keys until then.`,
      );
      process.exitCode = 1;
      return;
    }
    const retired = await retireOlderCanaries(store.db, box);
    const older = box.keyIds().slice(1);
    say(
      older.length > 0 || retired.length > 0
        ? `Done: nothing is sealed with an older key any more. TESSERA_SECRET_KEY can hold ${box.newestKeyId} alone.`
        : `Done: everything is sealed with key ${box.newestKeyId}.`,
    );
  } finally {
    await store.close();
  }
}

function openFile(file: string, options: SQLite.Options = {}): Kysely<Database> {
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file, options) }) });
}

/** `PRAGMA integrity_check` of a SQLite file and the level of its schema; refuses one this version must not use. */
async function checkCopy(file: string): Promise<string> {
  const copy = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new CliError(`${file} fails SQLite's integrity check: ${String(result)}.`);
  } finally {
    copy.close();
  }
  const db = openFile(file, { readonly: true });
  try {
    const { level, last } = await schemaLevel(db);
    if (last === undefined) throw new CliError(`${file} is not a Tessera database.`);
    if (level === 'newer') throw new CliError(`${file} was made by a later Tessera (its schema is at ${last}).`);
    return level === 'current' ? `schema at ${last}` : `schema at ${last}: the next start migrates it forward`;
  } finally {
    await db.destroy();
  }
}

/**
 * `tessera backup FILE`: a consistent copy of the running instance's SQLite database, made by a
 * second process while the server keeps serving writes. `VACUUM INTO` reads one snapshot (a read
 * transaction, which in WAL mode never blocks the server's writes) and writes it compacted; the
 * copy is written beside FILE and renamed into place once complete and checked.
 */
export async function backup(config: Config, target: string, say: Say): Promise<void> {
  const file = sqliteFile(
    config,
    'tessera backup copies the embedded SQLite database. For PostgreSQL use pg_dump (pg_dump --format=custom --file=FILE "$DATABASE_URL"), or continuous archiving for point-in-time recovery: see the README, Backups and upgrades.',
  );
  const destination = resolve(target);
  if (existsSync(destination)) throw new CliError(`${target} exists already: name a new file.`);
  if (!existsSync(file)) throw new CliError(`there is no database at ${file}.`);
  const partial = `${destination}.partial`;
  rmSync(partial, { force: true });
  // VACUUM INTO fills an empty file as it finds it: one only this user reads, as the database.
  closeSync(openSync(partial, 'wx', 0o600));
  chmodSync(partial, 0o600);
  const started = Date.now();
  const source = new SQLite(file, { fileMustExist: true, timeout: 5000 });
  try {
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  const level = await checkCopy(partial).catch((error: unknown) => {
    rmSync(partial, { force: true });
    throw error;
  });
  renameSync(partial, destination);
  say(
    `Backed up ${file} to ${target} (${statSync(destination).size} bytes, ${level}) in ${((Date.now() - started) / 1000).toFixed(1)} s. Keep the server key (TESSERA_SECRET_KEY or ${config.dataDir}/secret.key) apart from it: the copy's secrets open only with it.`,
  );
}

/**
 * `tessera restore FILE`: replaces the instance's SQLite database with a backup, while no server
 * runs on it (refused otherwise). The backup is checked first (integrity, a schema this version
 * knows); the database it replaces is kept beside it, renamed, with its WAL.
 */
export async function restore(config: Config, source: string, say: Say): Promise<void> {
  const file = sqliteFile(
    config,
    'tessera restore fills the embedded SQLite database. For PostgreSQL use pg_restore (pg_restore --clean --if-exists --dbname="$DATABASE_URL" FILE) with Tessera stopped: see the README, Backups and upgrades.',
  );
  if (!existsSync(source)) throw new CliError(`there is no backup at ${source}.`);
  if (sameFile(source, file))
    throw new CliError(
      `${source} is the database itself (${file}): name a backup made with tessera backup, not the live database.`,
    );
  privateDirectory(dirname(file));
  const owner = ownSqlite(file);
  try {
    const level = await checkCopy(source);
    const incoming = `${file}.restoring`;
    copyFileSync(source, incoming);
    chmodSync(incoming, 0o600);
    let kept = '';
    if (existsSync(file)) {
      kept = `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, kept);
      // The old database's WAL and its index belong to it, never to the restored file.
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, kept + suffix);
    }
    renameSync(incoming, file);
    say(
      `Restored ${source} into ${file} (${level}).${kept ? ` The database it replaces is kept as ${kept}.` : ''} Start Tessera with the server key of the instance the backup was made from.`,
    );
  } finally {
    owner.release();
  }
}

/** Whether two paths name one file: by its real path, or its device and inode (a hard link). */
function sameFile(a: string, b: string): boolean {
  if (!existsSync(b)) return false;
  if (realpathSync(a) === realpathSync(b)) return true;
  const [one, other] = [statSync(a), statSync(b)];
  return one.dev === other.dev && one.ino === other.ino;
}

/** Adds `reseal`, `backup` and `restore` to the `tessera` command. */
export function addMaintenanceCommands(
  program: Command,
  configOf: (options: Options) => Config,
  addDatabaseFlags: (command: Command) => Command,
  fail: (error: unknown) => never,
): void {
  const say: Say = (line) => process.stdout.write(`${line}\n`);
  const run = (work: () => Promise<void>) => work().catch(fail);
  addDatabaseFlags(
    program
      .command('reseal')
      .description(
        'Seal every stored secret and audit seal again with the newest key of TESSERA_SECRET_KEY, beside the running servers, so that older keys can be retired.',
      ),
  ).action((options: Options) => run(() => reseal(configOf(options), say)));
  addDatabaseFlags(
    program
      .command('backup <file>')
      .description(
        'Copy the running instance’s SQLite database, consistent, without stopping it (PostgreSQL: pg_dump).',
      ),
  ).action((target: string, options: Options) => run(() => backup(configOf(options), target, say)));
  addDatabaseFlags(
    program
      .command('restore <file>')
      .description('Replace the SQLite database with a backup, Tessera stopped (PostgreSQL: pg_restore).'),
  ).action((source: string, options: Options) => run(() => restore(configOf(options), source, say)));
}
