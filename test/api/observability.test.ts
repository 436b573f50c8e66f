import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signedUpClient, STRONG_PASSWORD } from '../support/api-client.js';
import { startOtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { aws4fetchSigned } from '../support/signed-clients.js';
import { startMailedServer } from '../support/smtp-sink.js';
import { ENGINES, startTestServer, type TestServer } from '../support/test-server.js';

const METRICS_TOKEN = 'a-scraper-token-of-at-least-32-characters';

/** The value of one sample in Prometheus's text format, 0 when absent (a counter not yet counted). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}

describe.each(ENGINES)('Metrics on %s', (engine) => {
  let server: TestServer;
  const scrape = async () => {
    const response = await fetch(server.services.metrics!.scrapeUrl!);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  beforeAll(async () => {
    server = await startTestServer(engine, { TESSERA_METRICS_PORT: '0', TESSERA_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(() => server?.close());

  it('counts requests by call, interface and status, with latencies, and what waits in the database', async () => {
    const before = await scrape();
    const { client, email } = await signedUpClient(server.url);
    for (let i = 0; i < 3; i++) expect((await client.call('ReadAccounts')).status).toBe(200);
    const stranger = new ApiClient(server.url);
    expect((await stranger.call('ReadAccounts')).status).toBe(401);
    expect((await stranger.call('SignIn', { Email: email, Password: 'not the password at all' })).status).toBe(401);
    const created = await client.call('CreateAccessKey', {});
    const key = created.body.AccessKey as { AccessKeyId: string; SecretKey: string };
    expect(
      (
        await aws4fetchSigned(
          server.url,
          'ReadAccounts',
          {},
          { accessKeyId: key.AccessKeyId, secretKey: key.SecretKey },
        )
      ).status,
    ).toBe(200);
    await fetch(`${server.url}/no/such/page/${Math.random()}`);
    const after = await scrape();

    const moved = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('tessera_requests_total', { call: 'ReadAccounts', interface: 'console', status: '200' })).toBe(4);
    expect(moved('tessera_requests_total', { call: 'ReadAccounts', interface: 'none', status: '401' })).toBe(1);
    expect(moved('tessera_requests_total', { call: 'ReadAccounts', interface: 'api', status: '200' })).toBe(1);
    expect(moved('tessera_requests_total', { call: 'SignUp', interface: 'none', status: '200' })).toBe(1);
    expect(moved('tessera_request_duration_seconds_count', { call: 'ReadAccounts', interface: 'console' })).toBe(4);
    expect(after).toMatch(
      /tessera_request_duration_seconds_bucket\{le="0.005",call="ReadAccounts",interface="console"\} \d+/,
    );
    // A random path names no call: it cannot grow the set of labels.
    expect(after).not.toContain('/no/such/page');
    expect(moved('tessera_security_refusals_total', { reason: 'WrongPassword' })).toBe(1);
    // Sign-up and the wrong password were hashed: each waited, if only a moment, for its turn.
    expect(moved('tessera_password_hash_wait_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(after).toMatch(/^tessera_password_hash_queue \d+$/m);
    expect(after).toMatch(/^tessera_pending_operations 0$/m);
    if (engine === 'postgres') expect(after).toMatch(/^tessera_database_connections\{state="in_use"\} \d+$/m);
    else expect(after).not.toContain('tessera_database_connections');
  });

  it('shows the outbox waiting while the mail server is away, with the age of its oldest mail, and the events owed', async () => {
    const mailed = await startMailedServer(engine, {
      TESSERA_METRICS_PORT: '0',
      // An endpoint that is not there: its events wait.
      TESSERA_EVENT_ENDPOINTS: JSON.stringify([
        { Url: 'http://127.0.0.1:9/events?token=kept-out', Events: ['account.*'] },
      ]),
      TESSERA_WEBHOOK_SECRET: 'a-webhook-secret-of-at-least-32-characters',
    });
    try {
      const { client } = await signedUpClient(mailed.server.url);
      await mailed.sink.stop();
      expect((await client.call('UpdateAccount', { Email: `moved.${Date.now()}@example.com` })).status).toBe(200);
      mailed.server.clock.advance(90_000);
      const text = await (await fetch(mailed.server.services.metrics!.scrapeUrl!)).text();
      expect(sample(text, 'tessera_outbox_pending', { kind: 'confirm-new-email' })).toBe(1);
      expect(
        sample(text, 'tessera_outbox_oldest_pending_seconds', { kind: 'confirm-new-email' }),
      ).toBeGreaterThanOrEqual(90);
      // account.created; the new address is an event once its link is followed.
      expect(sample(text, 'tessera_account_events_pending', { endpoint: 'http://127.0.0.1:9/events' })).toBe(1);
    } finally {
      await mailed.close();
    }
  });

  it('ASVS 13.4.5: /metrics on the main port answers only the configured bearer token', async () => {
    const refused = await fetch(`${server.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain('tessera_');
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const allowed = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('tessera_requests_total');
  });
});

describe('Metrics off by default', () => {
  it('serves no metrics and adds no metrics port when neither setting is given', async () => {
    const server = await startTestServer('sqlite');
    try {
      expect(server.services.metrics).toBeUndefined();
      const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(await response.text()).not.toContain('tessera_requests_total');
    } finally {
      await server.close();
    }
  });
});

describe.each(ENGINES)('Traces on %s', (engine) => {
  it('exports a span per request with its request id, its statements, password hashing and mails sent', async () => {
    const receiver = await startOtlpReceiver();
    const server = await startTestServer(engine, {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'tessera-under-test',
    });
    let readRequestId: string;
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      const { client, email } = await signedUpClient(server.url);
      const signIn = await new ApiClient(server.url).call('SignIn', { Email: email, Password: STRONG_PASSWORD });
      expect(signIn.status).toBe(200);
      const read = await client.call('ReadAccounts', {}, { traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` });
      readRequestId = read.body.ResponseContext!.RequestId;
    } finally {
      // Closing flushes the spans still buffered.
      await server.close();
      await receiver.stop();
    }
    const spans = receiver.spans;
    expect(receiver.services).toEqual(new Set(['tessera-under-test']));
    const request = spans.find(
      (span) => span.name === 'ReadAccounts' && span.attributes['tessera.request_id'] === readRequestId,
    );
    expect(request).toBeDefined();
    // The caller's trace goes on through Tessera.
    expect(request!.traceId).toBe(callerTrace);
    expect(request!.attributes['http.response.status_code']).toBe(200);
    const children = (parent: ReceivedSpan) => spans.filter((span) => span.parentSpanId === parent.spanId);
    const statements = children(request!).filter((span) => span.name === 'db');
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements[0]!.attributes['db.system.name']).toBe(engine === 'postgres' ? 'postgresql' : 'sqlite');
    expect(String(statements[0]!.attributes['db.query.text'])).toMatch(/select/i);
    const signIn = spans.find((span) => span.name === 'SignIn');
    expect(children(signIn!).some((span) => span.name === 'password verify')).toBe(true);
    expect(spans.some((span) => span.name === 'smtp send')).toBe(true);
    // No statement's parameters (a password's hash, a token's digest) are exported.
    expect(JSON.stringify(spans)).not.toContain(STRONG_PASSWORD);
    expect(JSON.stringify(spans)).not.toContain('$argon2id$');
  });
});
