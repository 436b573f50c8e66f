import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Brand } from '../domain/brand.js';
import { PROJECT_ROOT } from '../project-root.js';
import { brandedPage, contentSecurityPolicy } from './console-page.js';

export const CONSOLE_DIR = join(PROJECT_ROOT, 'dist', 'console');

/**
 * The brand's own files, under names that change with their content: browsers keep them a year.
 * An SVG opened by itself runs nothing (sandbox, no scripts).
 */
function registerBrandFiles(app: FastifyInstance, brand: Brand): void {
  for (const image of [brand.logo, brand.favicon]) {
    const file = image?.file;
    if (!image || !file) continue;
    app.get(image.src, (_request, reply) =>
      reply
        .header('content-type', file.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(file.body),
    );
  }
}

/** Serves the built console; `sendConsolePage` answers the single-page app's own routes. */
export async function registerConsoleAssets(
  app: FastifyInstance,
  brand: Brand,
): Promise<(reply: FastifyReply) => FastifyReply> {
  registerBrandFiles(app, brand);
  const index = join(CONSOLE_DIR, 'index.html');
  // Read once: a console built again is served after a restart, as its other files are.
  const page = existsSync(index) ? brandedPage(readFileSync(index, 'utf8'), brand) : undefined;
  if (page)
    await app.register(fastifyStatic, {
      root: CONSOLE_DIR,
      wildcard: false,
      index: false,
      cacheControl: false,
      // The page as built lacks the brand: /index.html is answered like every other page.
      allowedPath: (path) => path !== '/index.html',
    });
  const policy = contentSecurityPolicy(brand);
  return (reply) => {
    reply.header('content-security-policy', policy).header('cache-control', 'no-cache');
    if (!page)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build`, then reload.\n');
    // Checked again at every load (no-cache), sent again only when the brand or the build changed.
    reply.header('etag', page.etag);
    if (reply.request.headers['if-none-match'] === page.etag) return reply.code(304).send();
    return reply.type('text/html; charset=utf-8').send(page.body);
  };
}
