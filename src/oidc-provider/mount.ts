import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../calls/pipeline/registry.js';
import { interaction } from './interaction.js';
import { DISCOVERY_PATH, INTERACTION_PATH, OIDC_PREFIX, type OpenIdProvider } from './provider.js';

/**
 * The provider's pages (the sign-out question, its answer, an error, a form it posts itself) load
 * nothing; a script oidc-provider writes inline is let through by its hash, which it adds to
 * script-src itself. Forms go to Tessera and, through its redirects, to the registered sites only.
 */
function contentSecurityPolicy(services: Services): string {
  const origins = new Set<string>();
  for (const client of services.config.oidcClients)
    for (const uri of [...client.redirectUris, ...client.postLogoutRedirectUris]) origins.add(new URL(uri).origin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    `form-action 'self' ${[...origins].join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/**
 * Serves the OpenID provider from Tessera's Fastify: discovery, and everything under /sso/, is
 * handed to oidc-provider (the request and response as Node gave them, the body unread: it reads
 * its own forms), with the security headers Tessera sends everywhere; the interaction is Tessera's.
 */
export async function mountOpenIdProvider(
  app: FastifyInstance,
  services: Services,
  openId: OpenIdProvider,
  securityHeaders: Record<string, string>,
): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    // Any body is left in the stream for oidc-provider.
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    const policy = contentSecurityPolicy(services);
    const handOver = async (request: { raw: IncomingMessage; id: string }, reply: FastifyReply): Promise<void> => {
      reply.hijack();
      // The answer is written by oidc-provider on the raw response: what Fastify's hooks set is not sent.
      for (const [name, value] of Object.entries(securityHeaders)) reply.raw.setHeader(name, value);
      reply.raw.setHeader('x-request-id', request.id);
      reply.raw.setHeader('content-security-policy', policy);
      await openId.handler()(request.raw, reply.raw);
    };
    scope.get(DISCOVERY_PATH, handOver);
    scope.all(`${OIDC_PREFIX}/*`, handOver);
    scope.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, (request, reply) =>
      interaction(services, openId, request, reply),
    );
    done();
  });
}
