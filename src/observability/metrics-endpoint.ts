import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Metrics, RequestInterface } from './metrics.js';
import { routeLabel } from './route-label.js';

/** How the request proved who sent it, read from its headers alone (the answer may be a refusal). */
function interfaceOf(request: FastifyRequest): RequestInterface {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return /^Basic /i.test(authorization) ? 'basic' : 'api';
  return /(^|;\s*)(__Host-)?tessera_session=/.test(request.headers.cookie ?? '') ? 'console' : 'none';
}

/** Counts every answered request by its name (see routeLabel), interface and status, with its latency. */
export function countRequests(app: FastifyInstance, metrics: Metrics, callNames: ReadonlySet<string>): void {
  const labels = new Map<string | undefined, string>();
  const labelOf = (route: string | undefined) => {
    let label = labels.get(route);
    if (label === undefined) labels.set(route, (label = routeLabel(route, callNames)));
    return label;
  };
  app.addHook('onResponse', (request, reply, done) => {
    // A call's route has named it already (call-routes.ts): only other routes are looked up.
    const label = request.callName ?? labelOf(request.routeOptions.url);
    metrics.request(label, interfaceOf(request), reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** `/metrics` on the main port, for a scraper presenting the configured bearer token. */
export function metricsRoute(app: FastifyInstance, registry: Registry, token: string): void {
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    // Compared as digests: equal lengths, in constant time.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .type('text/plain')
        .send('A bearer token is needed.\n');
    }
    return reply
      .header('cache-control', 'no-store')
      .type(registry.contentType)
      .send(await registry.metrics());
  });
}

/** A port of its own that serves `/metrics` and nothing else. */
export async function listenForScrapes(
  port: number,
  host: string,
  read: () => Promise<{ contentType: string; text: string }>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Only /metrics is served here.\n');
      return;
    }
    read().then(
      ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(text),
      () => response.writeHead(503, { 'content-type': 'text/plain' }).end('The metrics could not be read.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return { server, url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}/metrics` };
}

/**
 * With several workers the primary answers scrapes with every worker's metrics merged
 * (prom-client's cluster aggregation); each worker hands over its registry.
 */
export function shareWithPrimary(registry: Registry): void {
  // Constructing one is what makes a worker answer the primary's requests for its metrics.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

export function listenForClusterScrapes(port: number, host: string): Promise<{ server: Server; url: string }> {
  const aggregator = new AggregatorRegistry();
  return listenForScrapes(port, host, async () => ({
    contentType: aggregator.contentType,
    text: await aggregator.clusterMetrics(),
  }));
}
