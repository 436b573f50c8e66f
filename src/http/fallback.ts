import type { FastifyInstance, FastifyReply } from 'fastify';
import { CALL_NAMES, CALL_PATH_PREFIXES } from './call-routes.js';
import { isPage } from './console-pages.js';
import { sendError } from './envelope.js';
import { httpErrors } from './errors.js';

/** The console's page as built keeps its own name too: it is answered like every other page. */
const BUILT_PAGE = '/index.html';

/** How much of an unknown path the refusal repeats. */
const SHOWN_PATH = 100;

/** The path of a URL, without its query, repeated slashes collapsed as OUTSCALE's clients send them. */
function pathOf(url: string): string {
  return (url.split('?')[0] ?? '').replace(/\/{2,}/g, '/');
}

/** The call a path names under any of the accepted prefixes, or undefined. */
function callNameOf(path: string): string | undefined {
  const prefix = CALL_PATH_PREFIXES.find((p) => path.startsWith(p) && CALL_NAMES.has(path.slice(p.length)));
  return prefix === undefined ? undefined : path.slice(prefix.length);
}

/**
 * What answers a request that no route took. Only the console's own pages (console-pages.ts,
 * the list its router reads) are handed the single-page app; a call asked with another method
 * than POST is told so; anything else is a 404 in the error envelope — never the console's page,
 * which would answer 200 to a balancer's health check, a metrics scraper or a lost script file.
 */
export function registerFallback(app: FastifyInstance, sendConsolePage: (reply: FastifyReply) => FastifyReply): void {
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const callName = callNameOf(path);
    if (callName) return sendError(request, reply, httpErrors.MustBePost({ Call: callName }));
    const reads = request.method === 'GET' || request.method === 'HEAD';
    if (reads && (isPage(path) || path === BUILT_PAGE)) return sendConsolePage(reply);
    if (!reads || path.startsWith('/api/')) {
      const name = path.split('/').filter(Boolean).pop() ?? '';
      return sendError(request, reply, httpErrors.UnknownCall({ Name: name }));
    }
    const shown = path.length > SHOWN_PATH ? `${path.slice(0, SHOWN_PATH)}…` : path;
    return sendError(request, reply, httpErrors.NoSuchPath({ Path: shown }));
  });
}
