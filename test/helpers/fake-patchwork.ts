// A local patchwork instance answering as its REST API does (/api/, version 1.2 and later): the patch
// list filtered by project (a linkname; an unknown one is a 400) and msgid (without angle brackets),
// and the checks of a patch (POST JSON, `Authorization: Token ...`, 201 with the check; 401 for an
// unknown token, 403 for a user who may not add checks to the project, 404 for an unknown patch).
import { FakeServer, jsonBody, type Recorded, type Reply } from './fake-http.ts';

export interface FakePatch {
  id: number;
  project: string;
  /** With angle brackets, as patchwork stores it. */
  msgid: string;
}

export interface FakeCheck {
  id: number;
  patch: number;
  user: string;
  state: string;
  target_url: string;
  context: string;
  description: string;
}

const STATES = ['pending', 'success', 'warning', 'fail'];

export class FakePatchwork {
  readonly server: FakeServer;
  readonly patches: FakePatch[] = [];
  readonly checks: FakeCheck[] = [];
  readonly projects = new Set(['linux-mm']);
  /** The maintainer's token, and one of a user without rights on the project. */
  token = 'pwMaintainerTOKEN0123456789abcdef';
  outsiderToken = 'pwOutsiderTOKEN9876543210fedcba';
  private nextPatch = 100;
  private nextCheck = 1;

  constructor() {
    this.server = new FakeServer((r) => this.api(r));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** The target of a project on this instance. */
  target(project = 'linux-mm'): string {
    return `patchwork:${this.server.url}/project/${project}`;
  }

  /** Stores a patch as patchwork would after reading it from the list. */
  add(messageId: string, project = 'linux-mm'): FakePatch {
    const p = { id: this.nextPatch++, project, msgid: `<${messageId}>` };
    this.patches.push(p);
    return p;
  }

  checksOf(messageId: string): FakeCheck[] {
    const p = this.patches.find((x) => x.msgid === `<${messageId}>`);
    return p ? this.checks.filter((c) => c.patch === p.id) : [];
  }

  private user(r: Recorded): 'maintainer' | 'outsider' | 'bad' | null {
    const auth = r.headers.authorization;
    if (auth === undefined) return null;
    if (auth === `Token ${this.token}`) return 'maintainer';
    if (auth === `Token ${this.outsiderToken}`) return 'outsider';
    return 'bad';
  }

  private patchJson(p: FakePatch): Record<string, unknown> {
    return {
      id: p.id, url: `${this.server.url}/api/patches/${p.id}/`, web_url: `${this.server.url}/project/${p.project}/patch/${p.msgid.slice(1, -1)}/`,
      project: { linkname: p.project }, msgid: p.msgid, name: `patch ${p.id}`, state: 'new', check: 'pending',
    };
  }

  private api(r: Recorded): Reply {
    const user = this.user(r);
    if (user === 'bad') return { status: 401, body: { detail: 'Invalid token.' } };
    if (r.method === 'GET' && r.path === '/api/patches/') {
      const project = r.query.get('project');
      if (project !== null && !this.projects.has(project)) {
        return { status: 400, body: { project: [`Select a valid choice. ${project} is not one of the available choices.`] } };
      }
      const msgid = r.query.get('msgid');
      const list = this.patches.filter((p) => (project === null || p.project === project) && (msgid === null || p.msgid === `<${msgid}>`));
      return { status: 200, body: list.map((p) => this.patchJson(p)) as unknown };
    }
    const m = /^\/api\/patches\/(\d+)\/checks\/$/.exec(r.path);
    if (m && r.method === 'POST') {
      const patch = this.patches.find((p) => p.id === Number(m[1]));
      if (!patch) return { status: 404, body: { detail: 'Not found.' } };
      if (user === null) return { status: 401, body: { detail: 'Authentication credentials were not provided.' } };
      if (user !== 'maintainer') return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
      if (!String(r.headers['content-type']).startsWith('application/json')) return { status: 415, body: { detail: 'Unsupported media type.' } };
      const b = jsonBody<Record<string, unknown>>(r);
      if (typeof b.state !== 'string' || !STATES.includes(b.state)) return { status: 400, body: { state: ['A check must have a state.'] } };
      if (typeof b.context !== 'string' || !/^[-a-zA-Z0-9_]+$/.test(b.context)) return { status: 400, body: { context: ['Enter a valid slug.'] } };
      const check: FakeCheck = {
        id: this.nextCheck++, patch: patch.id, user, state: b.state, target_url: typeof b.target_url === 'string' ? b.target_url : '',
        context: b.context, description: typeof b.description === 'string' ? b.description : '',
      };
      this.checks.push(check);
      return { status: 201, body: { ...check, url: `${this.server.url}/api/patches/${patch.id}/checks/${check.id}/`, user: { username: user } } };
    }
    return { status: 404, body: { detail: 'Not found.' } };
  }
}
