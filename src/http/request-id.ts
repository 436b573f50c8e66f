import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * An id a proxy may hand over: 1 to 128 characters that are safe in a header, a log line and
 * JSON as they are — letters, digits and `. _ : -` (a UUID, nginx's `$request_id`, HAProxy's
 * unique ids, a trace id).
 */
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/** The addresses and CIDR ranges of TESSERA_TRUSTED_PROXIES, as one list to check an address against. */
function trustedList(trustedProxies: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of trustedProxies) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

/**
 * Fastify's `genReqId`: a request's id is a new UUID, unless a trusted proxy (the peer itself is
 * one of TESSERA_TRUSTED_PROXIES) sent a well-formed `X-Request-Id`, which is kept so that the
 * proxy's log and Tessera's name the request alike. Anyone else's is ignored: a client must not
 * be able to give its requests another's id.
 */
export function requestIds(trustedProxies: readonly string[]): (request: IncomingMessage) => string {
  if (trustedProxies.length === 0) return () => randomUUID();
  const trusted = trustedList(trustedProxies);
  return (request) => {
    const given = request.headers['x-request-id'];
    if (typeof given !== 'string' || !WELL_FORMED.test(given)) return randomUUID();
    const peer = request.socket.remoteAddress ?? '';
    // A dual-stack socket names an IPv4 peer as ::ffff:a.b.c.d.
    const v4 = peer.startsWith('::ffff:') && isIP(peer.slice(7)) === 4 ? peer.slice(7) : undefined;
    const family = isIP(peer);
    const fromProxy = v4
      ? trusted.check(v4, 'ipv4')
      : family !== 0 && trusted.check(peer, family === 6 ? 'ipv6' : 'ipv4');
    return fromProxy ? given : randomUUID();
  };
}
