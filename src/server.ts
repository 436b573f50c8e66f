import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import { CredentialVerifier } from './auth/credential-verifier.js';
import { checkKeyRing, keepNewestCanary } from './auth/key-ring-check.js';
import { OIDC_CALLBACK_PATH, OidcClients } from './auth/oidc-client.js';
import { PasswordHasher } from './auth/password-hasher.js';
import { auditSealer, keyRingSource, serverSecrets } from './auth/secret-box.js';
import { SessionService } from './auth/session-service.js';
import { SignInGuard } from './auth/sign-in-guard.js';
import { pruneAuditEvents } from './calls/audit/audit-retention.js';
import { CALLS } from './calls/index.js';
import { expireOperations } from './calls/operations/operation-expiry.js';
import { expandResetRequest, RESET_REQUEST } from './calls/password/password-reset.js';
import { OPERATION_WEBHOOK, sendWebhook } from './calls/pipeline/operation-webhook.js';
import type { Services } from './calls/pipeline/registry.js';
import { ConfigError, databaseOptions, type Config } from './config.js';
import { AccountEventWorker } from './events/account-event-worker.js';
import { buildApp } from './http/app.js';
import { DeliveryWorker } from './mail/delivery-worker.js';
import { logMailer, smtpMailer, type Mailer } from './mail/mailer.js';
import { listenForScrapes, shareWithPrimary } from './observability/metrics-endpoint.js';
import { Metrics } from './observability/metrics.js';
import type { Tracing } from './observability/tracing.js';
import { OpenIdProvider } from './oidc-provider/provider.js';
import { logFailure } from './store/database-errors.js';
import { migrate, openStore } from './store/database.js';
import { sweepExpired } from './store/expiry-sweeps.js';

/** The process's logger: JSON lines on the standard output, or on `destination` (a test's). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Traces only when an OTLP endpoint is configured: otherwise OpenTelemetry's SDK is not even loaded. */
async function startTracing(config: Config): Promise<Tracing | undefined> {
  const { tracesEndpoint, serviceName } = config.observability;
  if (!tracesEndpoint) return undefined;
  const { Tracing } = await import('./observability/tracing.js');
  return new Tracing(tracesEndpoint, serviceName);
}

function traced(tracing: Tracing | undefined, mailer: Mailer): Mailer {
  return tracing ? tracing.mailer(mailer) : mailer;
}

/** Opens and migrates the database and builds the app; the caller decides when to listen. */
export async function createServer(
  config: Config,
  log: Logger = createLogger(config),
  now: () => number = Date.now,
): Promise<{ app: FastifyInstance; services: Services }> {
  const unknown = config.sensitiveCalls.filter((name) => !CALLS.some((call) => call.name === name));
  if (unknown.length > 0)
    throw new ConfigError(`TESSERA_SENSITIVE_CALLS names calls that do not exist: ${unknown.join(', ')}.`);
  const tracing = await startTracing(config);
  const engine = config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const store = openStore(
    {
      ...databaseOptions(config),
      ...(tracing ? { onQuery: (sql, _parameters, durationMs) => tracing.statement(engine, sql, durationMs) } : {}),
    },
    (error) => logFailure(log, 'work after a commit failed', error),
  );
  const secrets = serverSecrets(config);
  const applied = await migrate(store, auditSealer(secrets));
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  await checkKeyRing(store.db, secrets, keyRingSource(config), now()).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const hasher = new PasswordHasher(config.hashConcurrency);
  tracing?.traceHashing(hasher);
  const { metricsPort, metricsHost, metricsToken } = config.observability;
  const metrics = metricsPort !== undefined || metricsToken ? new Metrics(store, hasher, now) : undefined;
  const services: Services = {
    config,
    store,
    log,
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { tracing } : {}),
    now,
    hasher,
    secrets,
    calls: new Map(CALLS.map((call) => [call.name, call])),
    sessions: new SessionService(
      store.db,
      { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteHours * 3_600_000 },
      now,
    ),
    signInGuard: new SignInGuard(store.db, now),
    oidc: new OidcClients(config.oidcProviders, `${config.publicUrl.origin}${OIDC_CALLBACK_PATH}`),
    credentials: new CredentialVerifier(store.db, secrets, hasher, config.signatureSkewMinutes * 60_000, now),
    mail: new DeliveryWorker(
      store,
      secrets,
      traced(tracing, config.smtpUrl ? smtpMailer(config.smtpUrl) : logMailer(log)),
      {
        from: config.mailFrom,
        brand: config.brand,
        maxAttempts: config.mailMaxAttempts,
        retryBaseMs: config.mailRetrySeconds * 1000,
        pollMs: 2000,
      },
      log,
      now,
    ),
    events: new AccountEventWorker(
      store,
      {
        endpoints: config.eventEndpoints.map((endpoint) => endpoint.url),
        secret: config.webhookSecret,
        retryBaseMs: 30_000,
        pollMs: 2000,
      },
      log,
      now,
    ),
  };
  if (config.oidcProviders.length > 0) {
    log.info(
      {
        providers: config.oidcProviders.map((provider) => provider.id),
        redirectUri: `${config.publicUrl.origin}${OIDC_CALLBACK_PATH}`,
      },
      'OpenID sign-in on: register this redirect URI at each provider',
    );
  }
  services.mail.expand(RESET_REQUEST, expandResetRequest(services));
  services.mail.expand(OPERATION_WEBHOOK, sendWebhook(services));
  const openId = await OpenIdProvider.start(services);
  const app = await buildApp(services, openId);
  if (metrics && metricsPort !== undefined) {
    // With several workers the primary serves the port, with every worker's metrics merged.
    if (cluster.isWorker) shareWithPrimary(metrics.registry);
    else {
      const scrapes = await listenForScrapes(metricsPort, metricsHost, async () => ({
        contentType: metrics.registry.contentType,
        text: await metrics.registry.metrics(),
      }));
      metrics.scrapeUrl = scrapes.url;
      app.addHook('onClose', (_app, done) => scrapes.server.close(() => done()));
    }
  }
  services.mail.start();
  services.events.start();
  // Operations past their date end on whichever instance gets there first, and everyone is told;
  // audit events past their retention, and whatever else expired, go the same way.
  const sweep = setInterval(() => {
    expireOperations(services).catch((error: unknown) => logFailure(log, 'expiring operations failed', error));
    pruneAuditEvents(services).catch((error: unknown) => logFailure(log, 'pruning audit events failed', error));
    services.events.prune().catch((error: unknown) => logFailure(log, 'pruning account events failed', error));
    sweepExpired(store.db, store.engine, now()).catch((error: unknown) =>
      logFailure(log, 'sweeping expired rows failed', error),
    );
    services.credentials
      .flushVerifications()
      .catch((error: unknown) => logFailure(log, 'counting verified requests failed', error));
    keepNewestCanary(store.db, secrets, now()).catch((error: unknown) =>
      logFailure(log, 'keeping the server key canary failed', error),
    );
    openId.refreshKeys().catch((error: unknown) => logFailure(log, 'rotating the OpenID signing keys failed', error));
  }, 60_000);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await services.mail.stop();
    await services.credentials
      .flushVerifications()
      .catch((error: unknown) => logFailure(log, 'counting verified requests failed', error));
    await services.events.stop();
    await store.close();
    await tracing?.shutdown();
  });
  return { app, services };
}
