import type { FastifyRequest } from 'fastify';
import type { VerifiedCredential } from '../auth/credential-verifier.js';
import { bodySha256, isSignatureScheme, type SignedRequest } from '../auth/request-signature.js';
import { identityOf, type Authenticated, type Principal } from '../calls/pipeline/principal.js';
import { type AnyCall, type Services } from '../calls/pipeline/registry.js';
import { httpErrors } from './errors.js';
import { authenticatedBySession } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: a signature covers these bytes. */
    rawBody?: Buffer;
  }
}

const EMPTY = Buffer.alloc(0);

/** The principal a verified credential names, and its account if it was read with it. */
function authenticated(
  credential: VerifiedCredential,
  services: Services,
  via: { via: 'basic' } | { via: 'signature'; accessKeyId: string; signature: { value: string; expiresAt: number } },
): Authenticated {
  const principal: Principal = { ...identityOf(credential, services), ...via };
  return credential.account ? { principal, accountAsRead: credential.account } : { principal };
}

function signedRequest(request: FastifyRequest): SignedRequest {
  const headers = new Map<string, string[]>();
  const raw = request.raw.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const values = headers.get(name);
    if (values) values.push(raw[i + 1]!);
    else headers.set(name, [raw[i + 1]!]);
  }
  const [path = '/', query = ''] = request.raw.url?.split(/\?(.*)/s) ?? [];
  return { method: request.method, path, query, headers, bodySha256: bodySha256(request.rawBody ?? EMPTY) };
}

/**
 * Who sends the request, by the credential it carries: an Authorization header (signature or
 * Basic) wins over the session cookie. A credential the call does not accept is refused, a
 * missing one only when the call is not open to anyone.
 */
export async function authenticate(
  request: FastifyRequest,
  call: AnyCall,
  services: Services,
): Promise<Authenticated | undefined> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) {
    const session = await authenticatedBySession(request, services);
    // A call meant for machines (signed only) is not run on a browser's session, stolen or not.
    if (session && !call.auth.includes('session')) throw httpErrors.SessionNotAccepted({ Call: call.name });
    if (!session && !call.auth.includes('none')) {
      throw call.auth.includes('signature') ? httpErrors.SignInOrSign() : httpErrors.NotSignedIn();
    }
    return session;
  }
  if (/^Basic /i.test(authorization)) {
    if (!call.auth.includes('basic')) {
      throw httpErrors.BasicNotAccepted({ Call: call.name });
    }
    return authenticated(await services.credentials.verifyBasic(authorization), services, { via: 'basic' });
  }
  if (!isSignatureScheme(authorization)) {
    throw httpErrors.UnknownAuthorizationType();
  }
  if (!call.auth.includes('signature')) {
    throw httpErrors.AccessKeyNotAccepted({ Call: call.name });
  }
  const { accessKeyId, signature, ...credential } = await services.credentials.verifySignature(
    authorization,
    signedRequest(request),
  );
  return authenticated(credential, services, { via: 'signature', accessKeyId, signature });
}
