#!/usr/bin/env node
import { Command, Option } from 'commander';
import { CALLS } from '../calls/index.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger, createServer } from '../server.js';
import { migrate, openStore } from '../store/database.js';

// `tessera serve` flags mirror the environment variables, which stay the single source.
const SERVE_FLAGS: [flag: string, env: string, description: string][] = [
  ['--host <address>', 'TESSERA_HOST', 'address to listen on (default 127.0.0.1)'],
  ['--port <number>', 'TESSERA_PORT', 'port to listen on (default 8080)'],
  ['--data-dir <folder>', 'TESSERA_DATA_DIR', 'folder of the embedded database (default ./data)'],
  ['--database-url <url>', 'DATABASE_URL', 'postgres://… to use PostgreSQL instead of SQLite'],
  ['--public-url <url>', 'TESSERA_PUBLIC_URL', 'the origin people reach Tessera at (links, CSRF check)'],
];

function configFrom(options: Record<string, string | undefined>) {
  const env = { ...process.env };
  for (const [flag, name] of SERVE_FLAGS) {
    const key = flag.split(' ')[0]!.slice(2).replace(/-(\w)/g, (_m: string, c: string) => c.toUpperCase());
    if (options[key] !== undefined) env[name] = options[key];
  }
  return loadConfig(env);
}

function fail(error: unknown): never {
  process.stderr.write(`tessera: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

const program = new Command('tessera').description('Tessera: account and profile service with an OUTSCALE-compatible API.');

const serve = program.command('serve').description('Serve the console and the API.');
for (const [flag, env, description] of SERVE_FLAGS) serve.addOption(new Option(flag, description).env(env));
serve.action(async (options: Record<string, string | undefined>) => {
  try {
    const config = configFrom(options);
    const log = createLogger(config);
    const { app } = await createServer(config, log);
    await app.listen({ host: config.host, port: config.port });
    log.info(`Tessera is serving the console and the API at ${config.publicUrl.origin}`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
  } catch (error) {
    fail(error);
  }
});

const migrateCommand = program.command('migrate').description('Create or update the database schema, then exit.');
for (const [flag, env, description] of SERVE_FLAGS.slice(2, 4)) migrateCommand.addOption(new Option(flag, description).env(env));
migrateCommand.action(async (options: Record<string, string | undefined>) => {
  try {
    const store = openStore(configFrom(options).databaseUrl);
    const applied = await migrate(store.db);
    await store.close();
    process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } catch (error) {
    fail(error);
  }
});

program.addHelpText('after', `\nAPI calls (POST /api/v1/<Call>; see /api/v1/openapi.json):\n${CALLS.map((c) => `  ${c.name.padEnd(24)}${c.summary}`).join('\n')}\n`);

await program.parseAsync();
