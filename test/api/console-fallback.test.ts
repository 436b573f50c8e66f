import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES } from '../../src/http/console-pages.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('sqlite');
});
afterAll(() => server.close());

/** Whether the console answered: its page (or, in a tree where it is not built, the page saying so). */
function fromConsole(response: Response): boolean {
  return (
    (response.status === 200 || response.status === 503) &&
    (response.headers.get('content-security-policy') ?? '').includes("frame-ancestors 'none'") &&
    /^text\/(html|plain)/.test(response.headers.get('content-type') ?? '')
  );
}

describe('only the console’s own pages fall back to the console', () => {
  it.each(PAGES)('%s is the console’s page', async (page) => {
    const response = await fetch(`${server.url}${page}?from=mail`);
    expect(fromConsole(response)).toBe(true);
    const head = await fetch(`${server.url}${page}`, { method: 'HEAD' });
    expect(fromConsole(head)).toBe(true);
  });

  it.each([
    '/health',
    '/health/everything',
    '/metrics/nothing',
    '/.well-known/nothing-here',
    '/nothing-here',
    '/security/nothing-here',
    '/signin/more',
    '/assets/index-deadbeef.js',
    '/favicon.ico',
  ])('%s is a 404 in the error envelope, not the console', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { Errors: { Type: string; Details: string }[] };
    expect(body.Errors[0]).toMatchObject({
      Type: 'InvalidResource',
      Details: `Nothing is served at ${JSON.stringify(path)}.`,
    });
  });

  it('an unknown path under /api/ names the call it is not', async () => {
    const response = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { Errors: { Type: string; Details: string }[] };
    expect(body.Errors[0]).toMatchObject({ Type: 'InvalidAction', Details: 'There is no call named "nothing-here".' });
  });

  it('a client that asks for problem details gets them, in its language', async () => {
    const response = await fetch(`${server.url}/metrics/nothing`, {
      headers: { accept: 'application/problem+json', 'accept-language': 'fr' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 404,
      code: 'NoSuchPath',
      detail: 'Rien n\'est servi à l\'adresse "/metrics/nothing".',
    });
  });

  it('a very long unknown path is repeated cut short', async () => {
    const path = `/${'a'.repeat(500)}`;
    const body = (await (await fetch(`${server.url}${path}`)).json()) as { Errors: { Details: string }[] };
    expect(body.Errors[0]!.Details).toBe(`Nothing is served at ${JSON.stringify(`${path.slice(0, 100)}…`)}.`);
  });

  it('a page asked with POST is an unknown call, as before', async () => {
    const response = await fetch(`${server.url}/signin`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(fromConsole(response)).toBe(false);
  });
});
