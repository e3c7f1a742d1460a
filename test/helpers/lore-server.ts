// A local HTTP server on 127.0.0.1 for the lore client tests: each test installs its own handler and
// reads back the requests it received. close() ends every connection, so a test run always exits.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LoreTestServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Replaces the handler and forgets the requests seen so far. */
  handle(handler: Handler): void;
  /** Requests received since the last handle() or take(), which it forgets. */
  take(): SeenRequest[];
  close(): Promise<void>;
}

export async function startLoreServer(): Promise<LoreTestServer> {
  let handler: Handler = (_req, res) => {
    res.writeHead(500);
    res.end('no handler installed');
  };
  let seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handle(h) {
      handler = h;
      seen = [];
    },
    take() {
      const out = seen;
      seen = [];
      return out;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Writes a raw HTTP/1.1 answer on the socket and closes it: for bodies that stop short of what they promised. */
export function rawAnswer(res: http.ServerResponse, head: string[], body: Buffer): void {
  const socket = res.socket!;
  socket.write(`HTTP/1.1 200 OK\r\n${head.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`);
  socket.end(body);
}
