import { createServer, type Server } from 'node:http';

/** The relying party's side on 127.0.0.1: its callback, where it lands after sign-out, and its back-channel logout endpoint. */
export interface RelyingPartySite {
  origin: string;
  logoutTokens: string[];
  close(): Promise<void>;
}

export async function startSite(port: number): Promise<RelyingPartySite> {
  const logoutTokens: string[] = [];
  const server: Server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/backchannel') {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        response.end();
      });
      return;
    }
    response.setHeader('content-type', 'text/html');
    response.end('<!doctype html><title>Billing</title><h1>Billing</h1>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    logoutTokens,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
