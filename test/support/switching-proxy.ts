import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SwitchingProxy {
  port: number;
  /** Sends new connections to `port`; with `cut`, ends the ones open now, as a restart would. */
  routeTo(port: number, options?: { cut?: boolean }): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy that sends each new connection to one server, chosen by the test: HAProxy after a
 * failover, routing for a few seconds to the old primary, which is a replica by then.
 */
export async function switchingProxy(initial: number): Promise<SwitchingProxy> {
  let target = initial;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    routeTo(port, { cut = false } = {}) {
      target = port;
      if (cut) for (const socket of open) socket.destroy();
    },
    close: () => {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
