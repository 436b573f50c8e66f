import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../calls/pipeline/registry.js';
import { interaction } from './interaction.js';
import { INTERACTION_PATH, OIDC_PREFIX, type OpenIdProvider } from './provider.js';

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
    const handOver = async (request: { raw: IncomingMessage }, reply: FastifyReply): Promise<void> => {
      reply.hijack();
      for (const [name, value] of Object.entries(securityHeaders)) reply.raw.setHeader(name, value);
      await openId.handler()(request.raw, reply.raw);
    };
    scope.get('/.well-known/openid-configuration', handOver);
    scope.all(`${OIDC_PREFIX}/*`, handOver);
    scope.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, (request, reply) =>
      interaction(services, openId, request, reply),
    );
    done();
  });
}
