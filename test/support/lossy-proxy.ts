import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyProxy {
  url: string;
  /** The headers of every request that went through, in order. */
  seen: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/**
 * A proxy in front of Tessera that loses the first answer to `path`: the request reaches Tessera
 * and acts, but the client is told 503 with Retry-After, as when a database failover ends the
 * connection during COMMIT. What a client does next is what the test looks at.
 */
export async function lossyProxy(target: string, path: string): Promise<LossyProxy> {
  const seen: LossyProxy['seen'] = [];
  let lost = false;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      seen.push({ path: url, headers: request.headers });
      // node:http, not fetch: the Host header, which the client signed, must reach Tessera as sent.
      const forwarded = httpRequest(
        `${target}${url}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            if (!lost && url.endsWith(path)) {
              lost = true;
              response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
              response.end(
                JSON.stringify({
                  Errors: [{ Type: 'DependencyProblem', Code: '0', Details: 'try again in a few seconds' }],
                  ResponseContext: { RequestId: '00000000-0000-4000-8000-000000000000' },
                }),
              );
              return;
            }
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            response.end(Buffer.concat(body));
          });
        },
      );
      forwarded.on('error', () => response.destroy());
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
