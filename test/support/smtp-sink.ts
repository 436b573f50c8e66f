import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../src/store/database.js';
import { SmtpSink } from './mailbox.js';
import { startTestServer, type TestServer } from './test-server.js';

export { SmtpSink };

/** A Tessera whose mails go to a fresh SMTP sink; `close` stops both. */
export async function startMailedServer(
  engine: Engine,
  env: Record<string, string> = {},
): Promise<{ server: TestServer; sink: SmtpSink; close: () => Promise<void> }> {
  const sink = await SmtpSink.start();
  const server = await startTestServer(engine, { SMTP_URL: sink.url, ...env });
  return {
    server,
    sink,
    close: async () => {
      await server.close();
      await sink.stop();
    },
  };
}

/** Registers a mailed server for the enclosing describe block: started before its tests, closed after. */
export function useMailedServer(
  engine: Engine,
  env: Record<string, string> = {},
): { server: TestServer; sink: SmtpSink } {
  const fixture = {} as { server: TestServer; sink: SmtpSink };
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startMailedServer(engine, env);
    fixture.server = started.server;
    fixture.sink = started.sink;
    close = started.close;
  });
  afterAll(() => close?.());
  return fixture;
}
