import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The project root: the nearest folder above this file with a package.json (works from src/ and dist/). */
function projectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

export const CONSOLE_DIR = join(projectRoot(), 'dist', 'console');

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Serves the built console; `sendConsolePage` answers the single-page app's own routes. */
export async function registerConsoleAssets(app: FastifyInstance): Promise<(reply: FastifyReply) => FastifyReply> {
  const built = existsSync(join(CONSOLE_DIR, 'index.html'));
  if (built)
    await app.register(fastifyStatic, { root: CONSOLE_DIR, wildcard: false, index: false, cacheControl: false });
  return (reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-cache');
    if (built) return reply.sendFile('index.html');
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The console is not built: run `npm run build`, then reload.\n');
  };
}
