import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder and the files in it — the database (its rows hold password hashes, sealed
 * secrets and the audit trail), its WAL and index, its owner's lock, the server key, a backup —
 * are for the user the server runs as, whatever the umask (ASVS 13.3.2): a folder Tessera makes is
 * 0700, a file it makes or opens is 0600.
 */

/** Makes `dir` (and the folders above it that are missing) readable by this user only; one already there is left as it is. */
export function privateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates `file` empty, readable and writable by this user only, unless it exists; one that
 * exists is brought to 0600 (a database made by an earlier version at 0644). SQLite gives a
 * database's WAL and shared-memory index the mode of the database itself, so creating the
 * database so covers them; those left by an earlier version are brought to 0600 too.
 */
export function privateFile(file: string, companions: readonly string[] = []): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, ...companions]) if (existsSync(path)) tighten(path);
}

function tighten(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (error) {
    // A file of another user that this one may still use (group-writable): left as its owner set it.
    if ((error as { code?: string }).code !== 'EPERM') throw error;
  }
}
