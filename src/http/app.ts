import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { CALLS } from '../calls/index.js';
import type { Services } from '../calls/pipeline/registry.js';
import { ApiError } from '../domain/errors.js';
import { countRequests, metricsRoute } from '../observability/metrics-endpoint.js';
import { mountOpenIdProvider } from '../oidc-provider/mount.js';
import type { OpenIdProvider } from '../oidc-provider/provider.js';
import { isDatabaseUnavailable, isTransientConflict } from '../store/database-errors.js';
import { CALL_NAMES, registerCallRoutes } from './call-routes.js';
import { registerConsoleAssets } from './console-assets.js';
import { databaseBusy, databaseUnavailable, fromFastifyError, sendError } from './envelope.js';
import { httpErrors } from './errors.js';
import { registerFallback } from './fallback.js';
import { Readiness, registerHealthRoutes } from './health.js';
import { registerJsonBody } from './json-body.js';
import { openApiDocument } from './openapi.js';
import { requestIds } from './request-id.js';
import { registerRequestLog } from './request-log.js';

export async function buildApp(services: Services, openId?: OpenIdProvider): Promise<FastifyInstance> {
  const { config } = services;
  const loggerInstance: FastifyBaseLogger = services.log;
  const verboseLog = config.logLevel === 'debug' || config.logLevel === 'trace';
  const securityHeaders: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  // Browsers reach Tessera over https when it serves TLS or sits behind an https proxy (ASVS 3.4.1).
  if (config.tlsCertFile || config.publicUrl.protocol === 'https:')
    securityHeaders['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  const app = Fastify({
    loggerInstance,
    // One line per request is written by request-log.ts, never a request's headers or query.
    logController: new LogController({ disableRequestLogging: true }),
    // A pino child logger per request halves throughput; unless the log is verbose, the few
    // lines written during a request carry the request id themselves.
    ...(verboseLog ? {} : { childLoggerFactory: (logger: FastifyBaseLogger) => logger }),
    genReqId: requestIds(config.trustedProxies),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For names the client only when a configured proxy says so.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    // What Fastify refuses before routing (a URL that is not valid percent-encoding, a bad
    // content type header) answers in the error envelope too, not in Fastify's own words.
    frameworkErrors: (error, request, reply) =>
      sendError(
        request,
        reply.headers(securityHeaders).header('x-request-id', request.id),
        fromFastifyError(error) ?? httpErrors.MalformedRequest(),
      ),
    ...(config.tlsCertFile && config.tlsKeyFile
      ? { https: { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) } }
      : {}),
  });

  // First of all hooks: the request's span covers everything the request costs.
  services.tracing?.traceRequests(app, CALL_NAMES);
  registerJsonBody(app);
  await app.register(fastifyCookie);
  const readiness = new Readiness(services, config.readyTimeoutMs);
  app.addHook('onRequest', (request, reply, done) => {
    // The id the answer's ResponseContext gives, and the log line's, for every answer.
    reply.headers(securityHeaders).header('x-request-id', request.id);
    // Draining: a client that keeps its connection alive is told to open the next one elsewhere.
    if (readiness.phase === 'draining') reply.header('connection', 'close');
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const apiError =
      error instanceof ApiError ? error : fromFastifyError(error as { code?: string; statusCode?: number });
    if (apiError) return sendError(request, reply, apiError);
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ requestId: request.id, error: String(error) }, 'database unavailable');
      return sendError(request, reply, databaseUnavailable());
    }
    if (isTransientConflict(error)) {
      request.log.warn({ requestId: request.id, error: String(error) }, 'transaction undone again and again');
      return sendError(request, reply, databaseBusy());
    }
    // The message is enough to find the fault; the stack stays out of the log unless asked for.
    request.log.error(
      { requestId: request.id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) },
      'call failed',
    );
    request.log.debug({ requestId: request.id, err: error }, 'call failed (detail)');
    return sendError(request, reply, httpErrors.Internal());
  });

  registerRequestLog(app, services.log);
  registerHealthRoutes(app, readiness);
  if (services.metrics) {
    countRequests(app, services.metrics, CALL_NAMES);
    if (config.observability.metricsToken)
      metricsRoute(app, services.metrics.registry, config.observability.metricsToken);
  }
  registerCallRoutes(app, CALLS, services);
  if (openId) await mountOpenIdProvider(app, services, openId, securityHeaders);
  const openApi = openApiDocument(CALLS, `${config.publicUrl.origin}`, config);
  app.get('/api/v1/openapi.json', async () => openApi);

  registerFallback(app, await registerConsoleAssets(app, config.brand));
  return app;
}
