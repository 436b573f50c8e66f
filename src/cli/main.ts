#!/usr/bin/env node
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { auditSealer, serverSecrets } from '../auth/secret-box.js';
import { CALLS } from '../calls/index.js';
import { ConfigError, databaseOptions, loadConfig } from '../config.js';
import { PROJECT_ROOT } from '../project-root.js';
import { createLogger, createServer } from '../server.js';
import { migrate, openStore } from '../store/database.js';
import { addCallCommands } from './call-commands.js';
import { addMaintenanceCommands } from './maintenance.js';
import { CliError, configPath, writeProfile } from './osc-config.js';
import { readSecrets } from './prompt.js';
import { stopOnSignals } from './shutdown.js';
import { superviseWorkers } from './workers.js';

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
    const key = flag
      .split(' ')[0]!
      .slice(2)
      .replace(/-(\w)/g, (_m: string, c: string) => c.toUpperCase());
    if (options[key] !== undefined) env[name] = options[key];
  }
  return loadConfig(env);
}

/** One line on standard error, never a stack trace, and a failing exit code. */
function fail(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof CliError || error instanceof Error;
  process.stderr.write(`tessera: ${known ? error.message : String(error)}\n`);
  process.exit(1);
}

/** The version of this Tessera, as its package.json says. */
const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const program = new Command('tessera')
  .version(VERSION, '-V, --version', 'print the version of Tessera')
  .enablePositionalOptions()
  .commandsGroup('Server:')
  .description(
    'Tessera: account and profile service with an OUTSCALE-compatible API.\nEvery API call is a command: tessera [--profile NAME] <Call> --Field value …',
  )
  .option('--profile <name>', 'profile of ~/.osc/config.json (default: OSC_PROFILE or "default")')
  .option('--endpoint <url>', 'the API endpoint (default: OSC_ENDPOINT_API or the profile’s)');

const serve = program.command('serve').description('Serve the console and the API.');
for (const [flag, env, description] of SERVE_FLAGS) serve.addOption(new Option(flag, description).env(env));
serve.action(async (options: Record<string, string | undefined>) => {
  try {
    const config = configFrom(options);
    const log = createLogger(config);
    if (config.workers > 1 && cluster.isPrimary) return await superviseWorkers(config, log);
    const { app } = await createServer(config, log);
    stopOnSignals(app, config.drainSeconds, log);
    await app.listen({ host: config.host, port: config.port });
    log.info(`Tessera is serving the console and the API at ${config.publicUrl.origin}`);
  } catch (error) {
    fail(error);
  }
});

const migrateCommand = program.command('migrate').description('Create or update the database schema, then exit.');
for (const [flag, env, description] of SERVE_FLAGS.slice(2, 4))
  migrateCommand.addOption(new Option(flag, description).env(env));
migrateCommand.action(async (options: Record<string, string | undefined>) => {
  try {
    const config = configFrom(options);
    const store = openStore(databaseOptions(config));
    const applied = await migrate(store, auditSealer(serverSecrets(config)));
    await store.close();
    process.stdout.write(applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
  } catch (error) {
    fail(error);
  }
});

addMaintenanceCommands(
  program,
  configFrom,
  (command) => {
    for (const [flag, env, description] of SERVE_FLAGS.slice(2, 4))
      command.addOption(new Option(flag, description).env(env));
    return command;
  },
  fail,
);

program
  .command('profile')
  .description('Manage the profiles of ~/.osc/config.json (shared with oapi-cli and osc-cli).')
  .command('add <name>')
  .description('Add or replace a profile. Without --secret-key, the secret is read from standard input (not echoed).')
  .requiredOption('--access-key <id>', 'the access key ID')
  .option('--secret-key <secret>', 'the secret key')
  .option('--endpoint <url>', 'the API endpoint, such as http://127.0.0.1:8080', 'http://127.0.0.1:8080')
  .option('--region <name>', 'the region', 'eu-west-2')
  .action(
    async (name: string, options: { accessKey: string; secretKey?: string; endpoint: string; region: string }) => {
      try {
        const secretKey = options.secretKey ?? (await readSecrets(['Secret key: ']))[0]!.trim();
        if (!secretKey) throw new CliError('the secret key is empty.');
        const path = configPath();
        writeProfile(path, name, {
          access_key: options.accessKey,
          secret_key: secretKey,
          region: options.region,
          endpoints: { api: options.endpoint },
        });
        process.stdout.write(`Profile "${name}" written to ${path}.\n`);
      } catch (error) {
        fail(error);
      }
    },
  );

program.commandsGroup('API calls:');
addCallCommands(program, CALLS, fail);

await program.parseAsync();
