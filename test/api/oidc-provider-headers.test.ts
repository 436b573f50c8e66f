import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const PUBLIC_URL = 'https://id.tessera.test';
const SITE = 'https://billing.tessera.test';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the headers given as they are (Host included, which fetch does not let one set). */
function get(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (body += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const FORGED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
  'x-forwarded-for': '203.0.113.9',
};

describe.each(ENGINES)("the OpenID provider's answers on %s", (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, {
      TESSERA_PUBLIC_URL: PUBLIC_URL,
      // A proxy is configured, but the client here is not it; nor would its headers change any URL.
      TESSERA_TRUSTED_PROXIES: '10.9.9.9',
      TESSERA_OIDC_CLIENTS: JSON.stringify([
        {
          client_id: 'billing',
          client_secret: 'a'.repeat(43),
          redirect_uris: [`${SITE}/callback`],
          post_logout_redirect_uris: [`${SITE}/signed-out`],
        },
      ]),
    });
  });
  afterAll(() => server.close());

  it('ASVS 14.3.x / OWASP Host header injection: discovery builds every URL from the public URL whatever Host or X-Forwarded-* say, and may be cached', async () => {
    const answer = await get(server, '/.well-known/openid-configuration', FORGED);
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('evil.example');
    const discovery = JSON.parse(answer.body) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: PUBLIC_URL,
      authorization_endpoint: `${PUBLIC_URL}/sso/auth`,
      token_endpoint: `${PUBLIC_URL}/sso/token`,
      jwks_uri: `${PUBLIC_URL}/sso/jwks`,
      end_session_endpoint: `${PUBLIC_URL}/sso/session/end`,
    });
    expect(answer.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    const jwks = await get(server, '/sso/jwks', FORGED);
    expect(jwks.status).toBe(200);
    expect(jwks.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
  });

  it('OWASP Host header injection: the sign-out page posts its form to the public URL, not to the Host sent', async () => {
    const answer = await get(server, '/sso/session/end', FORGED);
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('evil.example');
    expect(answer.body).toContain(`action="${PUBLIC_URL}/sso/session/end/confirm"`);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('ASVS 14.4.3: /sso/ answers carry a Content-Security-Policy that lets through only the inline script oidc-provider wrote (by its hash), and an X-Request-Id like every answer', async () => {
    const page = await get(server, '/sso/session/end');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain(`form-action 'self' ${SITE}`);
    expect(policy).not.toContain('unsafe-inline');
    // The page submits itself with an inline script: its hash, and nothing else inline, is allowed.
    expect(page.body).toContain('<script>');
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const discovery = await get(server, '/.well-known/openid-configuration');
    expect(discovery.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(discovery.headers['content-security-policy']).toContain("default-src 'none'");
    const error = await get(server, '/sso/auth?client_id=nobody');
    expect(error.status).toBe(400);
    expect(error.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
