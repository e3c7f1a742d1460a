// A fake GitHub REST API for the posting tests, enough for issue comments: GET /user, list, get,
// create and update comments, under an optional GitHub Enterprise prefix (/api/v3). Locked issues
// refuse comments with 403 as GitHub does; a wrong token gets 401.
import { FakeServer, jsonBody, type Recorded, type Reply } from './fake-http.ts';

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string };
  html_url: string;
}

export class FakeGitHub {
  readonly server: FakeServer;
  readonly comments: FakeComment[] = [];
  readonly locked = new Set<number>();
  token = 'ghp_fakeTOKENvalue1234567890abcdef';
  login = 'mm-review-bot';
  private nextId = 9001;

  constructor() {
    this.server = new FakeServer((r) => this.handle(r));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  /** The API base a client is given (GitHub Enterprise style). */
  get apiUrl(): string {
    return `${this.server.url}/api/v3`;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** A comment someone else (or we) wrote before. */
  seed(issue: number, body: string, login: string): FakeComment {
    const c = { id: this.nextId++, issue, body, user: { login }, html_url: `https://github.example/acme/linux/issues/${issue}#issuecomment-${this.nextId}` };
    this.comments.push(c);
    return c;
  }

  on(issue: number): FakeComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  private handle(r: Recorded): Reply {
    const path = r.path.replace(/^\/api\/v3/, '');
    const auth = String(r.headers.authorization ?? '');
    if (auth !== `token ${this.token}` && auth !== `bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
    }
    if (r.method === 'GET' && path === '/user') return { status: 200, body: { login: this.login, id: 1 } };
    let m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path);
    if (m && r.method === 'GET') {
      const perPage = Number(r.query.get('per_page') ?? 30);
      const page = Number(r.query.get('page') ?? 1);
      const all = this.on(Number(m[1]));
      const slice = all.slice((page - 1) * perPage, page * perPage);
      const headers: Record<string, string> = {};
      if (page * perPage < all.length) headers.link = `<${this.server.url}/api/v3${path}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
      return { status: 200, headers, body: slice };
    }
    if (m && r.method === 'POST') {
      const issue = Number(m[1]);
      if (this.locked.has(issue)) return { status: 403, body: { message: 'Unable to create comment because issue is locked.' } };
      return { status: 201, body: this.seed(issue, jsonBody<{ body: string }>(r).body, this.login) };
    }
    m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path);
    if (m) {
      const c = this.comments.find((x) => x.id === Number(m![1]));
      if (!c) return { status: 404, body: { message: 'Not Found' } };
      if (r.method === 'GET') return { status: 200, body: c };
      if (r.method === 'PATCH') {
        if (this.locked.has(c.issue)) return { status: 403, body: { message: 'Unable to update comment because issue is locked.' } };
        c.body = jsonBody<{ body: string }>(r).body;
        return { status: 200, body: c };
      }
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}
