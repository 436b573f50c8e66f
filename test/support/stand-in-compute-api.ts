import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { AwsClient } from 'aws4fetch';
import { freePorts } from './ports.js';
import type { Keys } from './signed-clients.js';

/** What Tessera said of the last request, for the tests to look at. */
export interface Verdict {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The request a service received, as VerifyRequest takes it: the body only as its SHA-256, and
 * the customer's address and user agent, which a refusal's event names instead of the service's.
 */
export function verifyRequestInput(request: IncomingMessage, body: Buffer, writes: boolean) {
  const [path = '/', query = ''] = (request.url ?? '/').split(/\?(.*)/s);
  const headers = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2)
    headers.push({ Name: request.rawHeaders[i]!, Value: request.rawHeaders[i + 1]! });
  return {
    Method: request.method ?? 'GET',
    Path: path,
    Query: query,
    Headers: headers,
    BodySha256: createHash('sha256').update(body).digest('hex'),
    Writes: writes,
    ...(request.socket.remoteAddress ? { SourceIp: request.socket.remoteAddress } : {}),
    ...(request.headers['user-agent'] ? { UserAgent: request.headers['user-agent'].slice(0, 512) } : {}),
  };
}

/**
 * Another service of the platform — a compute API answering ReadVms and CreateVms — that lets
 * Tessera verify each customer's signed request with its own signed call (VerifyRequest), then
 * answers, or relays the refusal to the customer as it is. The README's example is this code.
 * Given several Tessera instances, it asks each in turn, as behind a load balancer.
 */
export async function standInComputeApi(tesseraUrls: string | string[], serviceKeys: Keys) {
  const instances = typeof tesseraUrls === 'string' ? [tesseraUrls] : tesseraUrls;
  let next = 0;
  const tessera = new AwsClient({
    accessKeyId: serviceKeys.accessKeyId,
    secretAccessKey: serviceKeys.secretKey,
    service: 'api',
    region: 'eu-west-2',
  });
  const verdicts: Verdict[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const call = (request.url ?? '').split('?')[0]!.split('/').pop() ?? '';
      const input = verifyRequestInput(request, Buffer.concat(chunks), !call.startsWith('Read'));
      const tesseraUrl = instances[next++ % instances.length]!;
      const verdict = await tessera.fetch(`${tesseraUrl}/api/v1/VerifyRequest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await verdict.json()) as Record<string, unknown>;
      verdicts.push({ status: verdict.status, body });
      const requestId = { ResponseContext: { RequestId: crypto.randomUUID() } };
      const { Signer, Refusal } = body as {
        Signer?: { AccountId: string };
        Refusal?: { HttpStatus: number; Errors: unknown[] };
      };
      response.setHeader('content-type', 'application/json');
      if (verdict.status !== 200) {
        // The service's own call failed: nothing the customer did; never relayed as theirs.
        response.statusCode = 503;
        response.end(JSON.stringify({ Errors: [{ Type: 'DependencyProblem', Code: '0', Details: '' }], ...requestId }));
      } else if (Refusal) {
        response.statusCode = Refusal.HttpStatus;
        response.end(JSON.stringify({ Errors: Refusal.Errors, ...requestId }));
      } else {
        response.end(JSON.stringify({ Vms: [], SignedBy: Signer, ...requestId }));
      }
    });
  });
  const port = (await freePorts(1))[0]!;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    verdicts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
