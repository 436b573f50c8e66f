import { defineConfig } from 'vitest/config';
import { pgbouncerMissing } from './test/support/pgbouncer.js';
import base from './vitest.config.js';

// The second half of `npm test`: every PostgreSQL suite of test/api again, through PgBouncer in
// transaction pooling mode. CI must run it; elsewhere, without PgBouncer, it says why it skips.
if (pgbouncerMissing) {
  if (process.env.CI) throw new Error(`${pgbouncerMissing}: CI must run the suites through PgBouncer.`);
  console.warn(`Skipping the PgBouncer run: ${pgbouncerMissing}.`);
}

export default defineConfig({
  test: {
    ...base.test,
    include: pgbouncerMissing ? [] : ['test/api/**/*.test.ts'],
    // What does not run on a store of ENGINES: the command line, processes and restarts of their own.
    exclude: [
      'test/api/cli*.test.ts',
      'test/api/workers.test.ts',
      'test/api/database-outage.test.ts',
      'test/api/stopping.test.ts',
    ],
    passWithNoTests: Boolean(pgbouncerMissing),
    globalSetup: ['test/support/pgbouncer-setup.ts'],
    env: { TESSERA_TEST_PGBOUNCER: '1' },
  },
});
