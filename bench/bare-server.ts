import { createServer } from 'node:http';

// The ceiling: the fastest a Node.js HTTP server answers on this machine, doing nothing.
const body = JSON.stringify({ ResponseContext: { RequestId: '00000000-0000-0000-0000-000000000000' } });
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
