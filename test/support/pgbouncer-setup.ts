import { pgbouncerMissing, startPgBouncer } from './pgbouncer.js';
import { POSTGRES_ADMIN_URL } from './postgres-admin.js';

/**
 * Vitest's global setup for the PgBouncer run: one PgBouncer for the whole run, in front of the
 * PostgreSQL the suites use; test servers reach their databases through it (test-server.ts).
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (pgbouncerMissing) return undefined;
  const bouncer = await startPgBouncer(new URL(POSTGRES_ADMIN_URL));
  process.env.TESSERA_TEST_PGBOUNCER_PORT = String(bouncer.port);
  return () => bouncer.stop();
}
