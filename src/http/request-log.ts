import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyRequest {
    /** The call the request runs, once its route is known (call-routes.ts). */
    callName: string | undefined;
    /** The caller's account, once authenticated. */
    accountId: string | undefined;
  }
}

/** How much of a path that no route took the log repeats. */
const LOGGED_PATH = 200;

/**
 * One line per request at `info`, written by the base logger once the answer is sent (a pino
 * child per request would halve throughput): the request id, the method, the call (or, for
 * what is not a call, the route or the path without its query, which may carry a provider's
 * code), the status, the duration and the caller's account. Never a header, a body or a query:
 * no password, token, cookie or key can reach the log by this line. A load balancer's
 * successful health probe is logged at `debug` only, so that probes do not drown the log.
 */
export function registerRequestLog(app: FastifyInstance, log: Logger): void {
  app.decorateRequest('callName', undefined);
  app.decorateRequest('accountId', undefined);
  if (!log.isLevelEnabled('info')) return;
  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const route = request.routeOptions.url;
    const line = {
      reqId: request.id,
      method: request.method,
      ...(request.callName
        ? { call: request.callName }
        : { path: route ?? (request.url.split('?')[0] ?? '').slice(0, LOGGED_PATH) }),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(request.accountId ? { account: request.accountId } : {}),
    };
    if (status === 200 && route?.startsWith('/health/')) log.debug(line, 'request');
    else log.info(line, 'request');
    done();
  });
}
