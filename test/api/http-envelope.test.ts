import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLS } from '../../src/calls/index.js';
import { ApiClient, signedUpClient } from '../support/api-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let server: TestServer;
let owner: ApiClient;

beforeAll(async () => {
  server = await startTestServer('sqlite');
  owner = (await signedUpClient(server.url)).client;
});
afterAll(() => server.close());

function expectEnvelope(body: Record<string, unknown>, code?: string): string {
  const errors = body.Errors as { Type: string; Code: string; Details: string }[];
  expect(errors).toHaveLength(1);
  expect(Object.keys(errors[0]!).sort()).toEqual(['Code', 'Details', 'Type']);
  expect(errors[0]!.Code).toMatch(/^\d+$/);
  if (code) expect(errors[0]!.Code).toBe(code);
  expect((body.ResponseContext as { RequestId: string }).RequestId).toMatch(UUID);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  return errors[0]!.Details;
}

describe('paths and bodies as OUTSCALE clients send them', () => {
  it.each([
    '/api/v1/ReadAccounts',
    '/api/latest/ReadAccounts',
    '/ReadAccounts',
    '//api/latest/ReadAccounts',
    '/api//v1///ReadAccounts',
  ])('%s answers ReadAccounts', async (path) => {
    const answer = await owner.raw(path, { headers: { 'content-type': 'application/json' }, body: '' });
    expect(answer.status).toBe(200);
    expect((answer.body.Accounts as unknown[]).length).toBe(1);
    expect(answer.body.ResponseContext?.RequestId).toMatch(UUID);
  });

  it('an empty body without a content type means {}', async () => {
    const answer = await owner.raw('/api/v1/ReadAccounts');
    expect(answer.status).toBe(200);
  });

  it('accepts application/json; charset=utf-8 (osc-sdk-python)', async () => {
    const answer = await owner.raw('/api/v1/ReadAccounts', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(answer.status).toBe(200);
  });

  it('every response carries its own request id', async () => {
    const first = await owner.call('ReadAccounts');
    const second = await owner.call('ReadAccounts');
    expect(first.body.ResponseContext?.RequestId).not.toBe(second.body.ResponseContext?.RequestId);
  });
});

describe('errors use the OAPI envelope with a sentence that names the problem', () => {
  it('an unknown call is a 404 naming it', async () => {
    const answer = await owner.call('DeleteEverything');
    expect(answer.status).toBe(404);
    expect(expectEnvelope(answer.body)).toContain('DeleteEverything');
  });

  it('GET on a call is a 405', async () => {
    const answer = await owner.raw('/api/v1/ReadAccounts', { method: 'GET' });
    expect(answer.status).toBe(405);
    expect(expectEnvelope(answer.body, '2')).toContain('POST');
  });

  it('malformed JSON is a 400', async () => {
    const answer = await owner.raw('/api/v1/UpdateAccount', {
      headers: { 'content-type': 'application/json' },
      body: '{"City":',
    });
    expect(answer.status).toBe(400);
    expect(expectEnvelope(answer.body)).toMatch(/not valid JSON/);
  });

  it.each([['[]'], ['"City"'], ['42'], ['null'], ['true']])('a JSON %s instead of an object is a 400', async (body) => {
    const answer = await owner.raw('/api/v1/UpdateAccount', { headers: { 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(400);
    expect(expectEnvelope(answer.body)).toMatch(/must be a JSON object/);
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
  ])('content type %s is a 415', async (type) => {
    const answer = await owner.raw('/api/v1/UpdateAccount', {
      headers: { 'content-type': type },
      body: '{"City":"Paris"}',
    });
    expect(answer.status).toBe(415);
    expect(expectEnvelope(answer.body)).toMatch(/application\/json/);
  });

  it('an oversized body is a 413', async () => {
    const answer = await owner.raw('/api/v1/UpdateAccount', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ City: 'x'.repeat(1024 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expectEnvelope(answer.body, '4106');
  });

  it('an unknown field is named', async () => {
    const answer = await owner.call('UpdateAccount', { Citty: 'Paris' });
    expect(answer.status).toBe(400);
    expect(expectEnvelope(answer.body, '4045')).toBe('Citty is not a parameter of UpdateAccount.');
  });

  it('a mistyped field is named with the expected type', async () => {
    const answer = await owner.call('UpdateAccount', { ZipCode: 92210 });
    expect(answer.status).toBe(400);
    expect(expectEnvelope(answer.body, '4108')).toBe('ZipCode must be a string.');
  });

  it('a missing required field is named', async () => {
    const answer = await new ApiClient(server.url).call('SignIn', { Email: 'a@example.com' });
    expect(answer.status).toBe(400);
    expect(expectEnvelope(answer.body)).toBe('Password is required.');
  });

  it('Details follow Accept-Language', async () => {
    const answer = await owner.call('UpdateAccount', { Citty: 'Paris' }, { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(expectEnvelope(answer.body)).toBe("Citty n'est pas un paramètre de UpdateAccount.");
  });

  it('a call that needs a session answers 401 without one', async () => {
    const answer = await new ApiClient(server.url).call('ReadAccounts');
    expect(answer.status).toBe(401);
    expectEnvelope(answer.body, '1');
  });
});

describe('OpenAPI document', () => {
  it('describes every call of the registry and the right it needs, and nothing else', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        {
          post: {
            operationId: string;
            'x-tessera-access': unknown;
            requestBody: { content: Record<string, { schema: { additionalProperties: boolean } }> };
          };
        }
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(CALLS.map((c) => `/api/v1/${c.name}`).sort());
    for (const call of CALLS) {
      const operation = document.paths[`/api/v1/${call.name}`]!.post;
      expect(operation.operationId).toBe(call.name);
      expect(operation.requestBody.content['application/json']!.schema.additionalProperties).toBe(false);
      expect(operation['x-tessera-access']).toEqual(call.access);
    }
    expect(document.paths['/api/v1/CreateUser']!.post['x-tessera-access']).toEqual({
      kind: 'right',
      right: 'ManageUsers',
    });
  });
});

describe('HTTP hygiene', () => {
  it('API responses are not cached and carry nosniff', async () => {
    const answer = await owner.call('ReadAccounts');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('ASVS 3.4.1: with an https public URL every answer asks browsers for https only; without one, none does', async () => {
    expect((await owner.call('ReadAccounts')).headers.get('strict-transport-security')).toBeNull();
    const behindProxy = await startTestServer('sqlite', { TESSERA_PUBLIC_URL: 'https://console.example.com' });
    try {
      for (const response of [
        await fetch(`${behindProxy.url}/`),
        await fetch(`${behindProxy.url}/api/v1/ReadAccounts`, { method: 'POST' }),
      ])
        expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindProxy.close();
    }
  });

  it('the console page has a content security policy that forbids framing', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.headers.get('content-security-policy') ?? '').toContain("frame-ancestors 'none'");
  });
});

describe('errors as a catalogue', () => {
  const tooLong = { FirstName: 'J'.repeat(200) };

  it('an OAPI client gets the OAPI envelope and nothing more', async () => {
    const answer = await owner.call('UpdateAccount', tooLong);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(answer.body).sort()).toEqual(['Errors', 'ResponseContext']);
    expect(expectEnvelope(answer.body, '4106')).toBe('FirstName must be at most 64 characters long.');
  });

  it('a client that asks for problem details (RFC 9457) gets the code, its parameters and the field, and the OAPI members too', async () => {
    const answer = await owner.call('UpdateAccount', tooLong, {
      accept: 'application/json, application/problem+json',
      'accept-language': 'fr',
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.text) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'TextTooLong',
      params: { Field: 'FirstName', Max: 64 },
      field: 'FirstName',
      detail: 'FirstName doit faire au plus 64 caractères.',
    });
    expect(expectEnvelope(problem, '4106')).toBe(problem.detail);
  });

  it.each([
    'application/problem+json;q=0, application/json',
    'application/problem+json ; q = 0',
    'application/json, application/problem+json;q=0.5',
  ])('problem details refused or ranked below JSON (%s) are not sent', async (accept) => {
    const answer = await owner.call('UpdateAccount', tooLong, { accept });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('a URL that is not valid percent-encoding answers in the envelope, with the security headers', async () => {
    const answer = await owner.raw('/api/v1/ReadAccounts%ff', { headers: { accept: 'application/problem+json' } });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    const problem = JSON.parse(answer.text) as Record<string, unknown>;
    expect(problem).toMatchObject({ status: 400, code: 'MalformedRequest' });
    expect(expectEnvelope(problem, '4047')).toBe('The request is malformed.');
  });
});
