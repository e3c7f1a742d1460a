// A public-inbox-httpd over a v2 inbox indexed for search (indexlevel medium, Xapian), for the watch
// tests of lore search; pi-server.ts's inbox is indexed "basic", which answers no search.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './pi-server.ts';

/** Null when public-inbox can index for search here, else a reason to skip. */
export function searchMissing(): string | null {
  const r = spawnSync('perl', ['-MSearch::Xapian', '-e', '1'], { stdio: 'ignore' });
  const x = spawnSync('perl', ['-MXapian', '-e', '1'], { stdio: 'ignore' });
  const tools = spawnSync('sh', ['-c', 'command -v public-inbox-init && command -v public-inbox-mda && command -v public-inbox-httpd'], { stdio: 'ignore' });
  if (tools.status !== 0) return 'public-inbox not installed; apt-get install public-inbox';
  return r.status === 0 || x.status === 0 ? null : 'no Xapian Perl module: public-inbox cannot search (apt-get install libsearch-xapian-perl)';
}

export interface SearchServer {
  base: string;
  stop(): Promise<void>;
}

export async function startSearchInbox(name: string, messages: Buffer[]): Promise<SearchServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-watch-pi-'));
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const address = `${name}@example.org`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PI_CONFIG: path.join(home, '.public-inbox', 'config'), PI_EMERGENCY: path.join(tmp, 'emergency'), GIT_CONFIG_NOSYSTEM: '1' };
  const run = (cmd: string, args: string[], input?: Buffer) => {
    const r = spawnSync(cmd, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${String(r.stderr).slice(0, 300)}`);
  };
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await gone;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const deliver = (msgs: Buffer[]) => {
    for (const m of msgs) run('public-inbox-mda', ['--no-precheck'], m);
  };
  try {
    run('public-inbox-init', ['-V2', '-L', 'medium', name, path.join(tmp, 'inbox'), `http://127.0.0.1/${name}`, address]);
    run('git', ['config', '-f', env.PI_CONFIG!, 'publicinboxmda.spamcheck', 'none']);
    env.ORIGINAL_RECIPIENT = address;
    deliver(messages);
    const port = await freePort();
    child = spawn('public-inbox-httpd', ['-W0', '-l', `http://127.0.0.1:${port}`], { env, stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    const end = Date.now() + 15_000;
    for (;;) {
      const ok = await fetch(`${base}/${name}/`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > end) throw new Error('public-inbox-httpd did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    process.once('exit', () => child?.kill('SIGKILL'));
    return { base, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
