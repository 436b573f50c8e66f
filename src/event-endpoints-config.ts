import { ACCOUNT_EVENT_TYPES, patternKnown } from './domain/account-events.js';

/** A platform service that receives account events (TESSERA_EVENT_ENDPOINTS), and the types it wants. */
export interface EventEndpoint {
  url: string;
  /** Event types, `<object>.*` or `*` (domain/account-events.ts patternTakes). */
  events: string[];
}

const EXAMPLE =
  'expected a JSON list such as [{"Url":"https://billing.internal/tessera","Events":["account.created","user.*"]}]';

function fail(message: string): never {
  throw new Error(message);
}

function endpointUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`TESSERA_EVENT_ENDPOINTS: the Url ${JSON.stringify(raw)} is not a URL.`);
  }
  // The events carry account data: plain HTTP only on this machine.
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    fail(`TESSERA_EVENT_ENDPOINTS: the Url ${JSON.stringify(raw)} must be an https:// URL.`);
  if (url.username || url.password)
    fail(`TESSERA_EVENT_ENDPOINTS: the Url ${JSON.stringify(raw)} must hold no credentials.`);
  return url.href;
}

function patterns(url: string, raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((entry) => typeof entry === 'string'))
    return fail(`TESSERA_EVENT_ENDPOINTS: the endpoint ${url} needs Events, a list of event types; ${EXAMPLE}.`);
  for (const pattern of raw)
    if (!patternKnown(pattern))
      fail(
        `TESSERA_EVENT_ENDPOINTS: the endpoint ${url} asks for ${JSON.stringify(pattern)}, which names no event; the types are ${ACCOUNT_EVENT_TYPES.join(', ')}, or "<object>.*", or "*".`,
      );
  return raw as string[];
}

/** TESSERA_EVENT_ENDPOINTS, checked: each Url once, each filter naming at least one event type. */
export function eventEndpoints(raw: string | undefined, webhookSecret: string | undefined): EventEndpoint[] {
  if (raw === undefined || raw.trim() === '') return [];
  let entries: unknown;
  try {
    entries = JSON.parse(raw);
  } catch {
    return fail(`TESSERA_EVENT_ENDPOINTS is not valid JSON: ${EXAMPLE}.`);
  }
  if (!Array.isArray(entries)) return fail(`TESSERA_EVENT_ENDPOINTS is not valid: ${EXAMPLE}.`);
  const endpoints = entries.map((entry: unknown): EventEndpoint => {
    const fields = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const known = new Set(['Url', 'Events']);
    const extra = Object.keys(fields).find((key) => !known.has(key));
    if (extra) fail(`TESSERA_EVENT_ENDPOINTS: ${JSON.stringify(extra)} is not a setting of an endpoint (Url, Events).`);
    if (typeof fields.Url !== 'string' || fields.Url === '')
      fail(`TESSERA_EVENT_ENDPOINTS: each endpoint needs a Url; ${EXAMPLE}.`);
    const url = endpointUrl(fields.Url);
    return { url, events: patterns(url, fields.Events) };
  });
  const urls = endpoints.map((endpoint) => endpoint.url);
  const twice = urls.find((url, index) => urls.indexOf(url) !== index);
  if (twice) fail(`TESSERA_EVENT_ENDPOINTS: the Url ${twice} is listed twice; give it one list of Events.`);
  if (endpoints.length > 0 && !webhookSecret)
    fail('TESSERA_EVENT_ENDPOINTS needs TESSERA_WEBHOOK_SECRET, which signs every event sent.');
  return endpoints;
}
