import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { CALLS } from '../calls/index.js';
import type { Services } from '../calls/pipeline/registry.js';
import { ApiError } from '../domain/errors.js';
import { mountOpenIdProvider } from '../oidc-provider/mount.js';
import type { OpenIdProvider } from '../oidc-provider/provider.js';
import { isDatabaseUnavailable, isTransientConflict } from '../store/database-errors.js';
import { CALL_PATH_PREFIXES, registerCallRoutes } from './call-routes.js';
import { registerConsoleAssets } from './console-assets.js';
import { databaseBusy, databaseUnavailable, fromFastifyError, sendError } from './envelope.js';
import { httpErrors } from './errors.js';
import { registerJsonBody } from './json-body.js';
import { openApiDocument } from './openapi.js';

const CALL_NAMES = new Set(CALLS.map((call) => call.name));

/** The call a path names under any of the accepted prefixes, or undefined. */
function callNameOf(path: string): string | undefined {
  const collapsed = path.replace(/\/{2,}/g, '/').split('?')[0] ?? '';
  const prefix = CALL_PATH_PREFIXES.find((p) => collapsed.startsWith(p) && CALL_NAMES.has(collapsed.slice(p.length)));
  return prefix === undefined ? undefined : collapsed.slice(prefix.length);
}

export async function buildApp(services: Services, openId?: OpenIdProvider): Promise<FastifyInstance> {
  const { config } = services;
  const loggerInstance: FastifyBaseLogger = services.log;
  const logEveryRequest = config.logLevel === 'debug' || config.logLevel === 'trace';
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
    logController: new LogController({ disableRequestLogging: !logEveryRequest }),
    // A pino child logger per request halves throughput; unless every request is logged, the
    // few lines written during a request carry the request id themselves.
    ...(logEveryRequest ? {} : { childLoggerFactory: (logger: FastifyBaseLogger) => logger }),
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-For names the client only when a configured proxy says so.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true },
    // What Fastify refuses before routing (a URL that is not valid percent-encoding, a bad
    // content type header) answers in the error envelope too, not in Fastify's own words.
    frameworkErrors: (error, request, reply) =>
      sendError(request, reply.headers(securityHeaders), fromFastifyError(error) ?? httpErrors.MalformedRequest()),
    ...(config.tlsCertFile && config.tlsKeyFile
      ? { https: { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) } }
      : {}),
  });

  registerJsonBody(app);
  await app.register(fastifyCookie);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
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

  registerCallRoutes(app, CALLS, services);
  if (openId) await mountOpenIdProvider(app, services, openId, securityHeaders);
  const openApi = openApiDocument(CALLS, `${config.publicUrl.origin}`, config);
  app.get('/api/v1/openapi.json', async () => openApi);

  const sendConsolePage = await registerConsoleAssets(app, config.brand);
  app.setNotFoundHandler((request, reply) => {
    const callName = callNameOf(request.url);
    if (callName) {
      return sendError(request, reply, httpErrors.MustBePost({ Call: callName }));
    }
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return sendConsolePage(reply);
    const name = request.url.split('?')[0]?.split('/').filter(Boolean).pop() ?? '';
    return sendError(request, reply, httpErrors.UnknownCall({ Name: name }));
  });
  return app;
}
