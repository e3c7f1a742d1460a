// A local HTTP server (127.0.0.1, port 0) for the channel tests: it records every request, answers
// through a handler, and can be told to fail the next matching requests (a status with headers, or an
// answer held back until the client gives up, after the handler has done its work).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as text. */
  body?: unknown;
}

export interface Fault {
  method?: string;
  path: RegExp;
  /** Answer with this instead of the handler's reply. */
  reply?: Reply;
  /** Run the handler (the server stores what was asked), then never answer. */
  hold?: boolean;
  /** Run the handler, then answer this much later. */
  delayMs?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly faults: (Fault & { left: number })[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | null = null;
  url = '';

  constructor(private readonly handler: (req: Recorded) => Reply) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.answer(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next matching request(s) fail as told. */
  fail(f: Fault): void {
    this.faults.push({ ...f, left: f.times ?? 1 });
  }

  /** Recorded requests of a method whose path matches. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  private answer(method: string, rawUrl: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    const url = new URL(rawUrl, 'http://fake.invalid');
    const rec: Recorded = { method, path: url.pathname, query: url.searchParams, headers, body };
    this.requests.push(rec);
    const fault = this.faults.find((f) => f.left > 0 && (!f.method || f.method === method) && f.path.test(url.pathname));
    if (fault) fault.left--;
    if (fault?.reply) return send(res, fault.reply);
    const reply = this.handler(rec);
    if (fault?.hold || fault?.delayMs !== undefined) {
      this.held.push(res);
      if (fault.delayMs !== undefined) setTimeout(() => { if (!res.destroyed) send(res, reply); }, fault.delayMs);
      return;
    }
    send(res, reply);
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

function send(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === 'string';
  const text = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...reply.headers });
  res.end(text);
}

/** A JSON request body, as the test expects it. */
export function jsonBody<T>(r: Recorded): T {
  return JSON.parse(r.body) as T;
}
