import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { authErrors } from './errors.js';

/**
 * AWS Signature Version 4 in OUTSCALE's two spellings (reference/outscale-oapi.md §3.3.1):
 * the same computation, four strings apart.
 */
export const SPELLINGS = {
  'OSC4-HMAC-SHA256': { keyPrefix: 'OSC4', terminator: 'osc4_request', dateHeader: 'x-osc-date' },
  'AWS4-HMAC-SHA256': { keyPrefix: 'AWS4', terminator: 'aws4_request', dateHeader: 'x-amz-date' },
} as const;

export type Algorithm = keyof typeof SPELLINGS;

export interface SignatureClaim {
  algorithm: Algorithm;
  accessKeyId: string;
  /** YYYYMMDD of the credential scope. */
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION = /^(\S+) +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})$/;

export function isSignatureScheme(authorization: string): boolean {
  return /^[A-Z0-9]+-HMAC-SHA256 /.test(authorization);
}

export function parseAuthorization(authorization: string): SignatureClaim {
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    throw authErrors.AuthorizationHeaderMalformed();
  }
  const [, algorithm, credential, signedHeaders, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!(algorithm in SPELLINGS)) {
    throw authErrors.SignatureAlgorithmUnsupported({ Algorithm: algorithm });
  }
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw authErrors.CredentialScopeMalformed();
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (!/^\d{8}$/.test(date)) throw authErrors.CredentialDateMalformed();
  if (terminator !== SPELLINGS[algorithm as Algorithm].terminator) {
    const expected = SPELLINGS[algorithm as Algorithm].terminator;
    throw authErrors.CredentialTerminatorWrong({ Algorithm: algorithm, Expected: expected });
  }
  const headers = signedHeaders.split(';');
  if (!headers.includes('host')) throw authErrors.SignedHeadersLackHost();
  return {
    algorithm: algorithm as Algorithm,
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: headers,
    signature,
  };
}

/** `YYYYMMDDTHHMMSSZ` → milliseconds, or undefined when it is not such a timestamp. */
export function parseAmzDate(value: string | undefined): number | undefined {
  const match = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC carries hour 43 into the next day: only a timestamp that is a real instant is one.
  return Number.isNaN(time) || formatAmzDate(time) !== value ? undefined : time;
}

function formatAmzDate(time: number): string {
  return new Date(time)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

// The one-shot hash skips building a Hash object: it matters on every signed request.
const sha256Hex = (data: string | Buffer) => hash('sha256', data, 'hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * The request as the signature covers it. Header values are as received, repeated ones in order;
 * the body is its SHA-256 in lower-case hex, the only thing of it the signature covers: Tessera
 * hashes what it received, a platform service sends the hash of what it received (VerifyRequest).
 */
export interface SignedRequest {
  method: string;
  path: string;
  query: string;
  headers: Map<string, string[]>;
  bodySha256: string;
}

/** The SHA-256 of a body, as SignedRequest carries it. */
export function bodySha256(body: string | Buffer): string {
  return sha256Hex(body);
}

/** A query component as received, decoded; a % not followed by two hex digits cannot have been signed. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw authErrors.SignedQueryMalformed();
  }
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const encode = (text: string) =>
    encodeURIComponent(decoded(text)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      return [encode(name), encode(value)] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function canonicalRequest(request: SignedRequest, signedHeaders: string[], hostOverride?: string): string {
  const lines = signedHeaders.map((name) => {
    const values = name === 'host' && hostOverride !== undefined ? [hostOverride] : (request.headers.get(name) ?? []);
    return `${name}:${values.map((value) => value.trim().replace(/\s+/g, ' ')).join(',')}\n`;
  });
  // osc-cli requests //api/latest/<Call> but signs /api/latest/<Call>: runs of slashes are one.
  const path = request.path.replace(/\/{2,}/g, '/');
  return [
    request.method,
    path,
    canonicalQuery(request.query),
    lines.join(''),
    signedHeaders.join(';'),
    request.bodySha256,
  ].join('\n');
}

function stringToSign(
  claim: Pick<SignatureClaim, 'algorithm' | 'date' | 'region' | 'service' | 'terminator'>,
  timestamp: string,
  canonical: string,
): string {
  return [
    claim.algorithm,
    timestamp,
    `${claim.date}/${claim.region}/${claim.service}/${claim.terminator}`,
    sha256Hex(canonical),
  ].join('\n');
}

/** The HMAC chain of §3.3.1 step 6. Pure: callers cache it per key and scope. */
export function deriveSigningKey(
  secret: string,
  claim: Pick<SignatureClaim, 'algorithm' | 'date' | 'region' | 'service' | 'terminator'>,
): Buffer {
  const prefix = SPELLINGS[claim.algorithm].keyPrefix;
  return hmac(hmac(hmac(hmac(`${prefix}${secret}`, claim.date), claim.region), claim.service), claim.terminator);
}

/**
 * Whether the claim's signature matches the request, compared in constant time. When the
 * signed host carries a port, the same host without it is tried too (osc-sdk-python signs the
 * host name alone).
 */
export function signatureMatches(
  request: SignedRequest,
  claim: SignatureClaim,
  timestamp: string,
  signingKey: Buffer,
): boolean {
  const expected = Buffer.from(claim.signature, 'hex');
  const matches = (hostOverride?: string) => {
    const computed = createHmac('sha256', signingKey)
      .update(stringToSign(claim, timestamp, canonicalRequest(request, claim.signedHeaders, hostOverride)))
      .digest();
    return timingSafeEqual(computed, expected);
  };
  if (matches()) return true;
  const host = request.headers.get('host')?.[0] ?? '';
  const withoutPort = /^(.+):\d+$/.exec(host)?.[1];
  return withoutPort !== undefined && matches(withoutPort);
}

export interface SigningInput {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretKey: string;
  algorithm?: Algorithm;
  region?: string;
  service?: string;
  now?: number;
  /** Headers to sign, lower-case; host and the date header are always signed. */
  signHeaders?: string[];
  /** The path to sign when it differs from the one requested (osc-cli). */
  signedPath?: string;
  /** The host value to sign when it differs from the one sent (osc-sdk-python signs no port). */
  signedHost?: string;
}

/** Signs a request as OUTSCALE's clients do; returns the headers to send. */
export function signRequest(input: SigningInput): Record<string, string> {
  const algorithm = input.algorithm ?? 'OSC4-HMAC-SHA256';
  const spelling = SPELLINGS[algorithm];
  const timestamp = formatAmzDate(input.now ?? Date.now());
  const claim = {
    algorithm,
    date: timestamp.slice(0, 8),
    region: input.region ?? 'eu-west-2',
    service: input.service ?? 'api',
    terminator: spelling.terminator,
  };
  const headers: Record<string, string> = { ...input.headers, [spelling.dateHeader]: timestamp };
  const names = [
    ...new Set([
      'host',
      spelling.dateHeader,
      ...(input.signHeaders ?? Object.keys(headers).map((h) => h.toLowerCase())),
    ]),
  ].sort();
  const all = new Map<string, string[]>(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), [value]]));
  all.set('host', [input.signedHost ?? input.url.host]);
  const request: SignedRequest = {
    method: input.method,
    path: input.signedPath ?? input.url.pathname,
    query: input.url.search.slice(1),
    headers: all,
    bodySha256: sha256Hex(input.body),
  };
  const signature = createHmac('sha256', deriveSigningKey(input.secretKey, claim))
    .update(stringToSign(claim, timestamp, canonicalRequest(request, names)))
    .digest('hex');
  return {
    ...headers,
    authorization: `${algorithm} Credential=${input.accessKeyId}/${claim.date}/${claim.region}/${claim.service}/${claim.terminator}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
