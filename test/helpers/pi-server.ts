// Starts a real public-inbox-httpd over a throwaway v2 inbox, for tests of
// the lore client. Everything lives in one temp dir (HOME and PI_CONFIG
// point there); stop() kills the server and removes the dir.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const TOOLS = ['public-inbox-init', 'public-inbox-mda', 'public-inbox-httpd'];

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Null when public-inbox is installed, else a reason to skip. */
export function publicInboxMissing(): string | null {
  const missing = TOOLS.filter((t) => !onPath(t));
  return missing.length ? `public-inbox not installed (${missing.join(', ')} not on PATH); apt-get install public-inbox` : null;
}

export interface PiServer {
  /** e.g. http://127.0.0.1:40123 */
  base: string;
  /** The inbox name, served at `<base>/<name>/`. */
  name: string;
  /** Whether `<base>/all/` works (needs an extindex, i.e. Xapian). */
  hasAll: boolean;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: Buffer): void {
  const r = spawnSync(cmd, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${String(r.stderr).trim().slice(0, 500)}`);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Creates a v2 inbox named `name`, delivers `messages` with public-inbox-mda,
 * builds an extindex for /all/ when possible, and serves it on 127.0.0.1.
 */
export async function startPublicInbox(name: string, messages: Buffer[]): Promise<PiServer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mmr-pi-server-'));
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const address = `${name}@example.org`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    PI_DIR: path.join(home, '.public-inbox'),
    PI_CONFIG: path.join(home, '.public-inbox', 'config'),
    PI_EMERGENCY: path.join(tmp, 'emergency'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
  };
  let child: ChildProcess | null = null;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const cleanup = async () => {
    if (child) await kill(child);
    process.removeListener('exit', killOnExit);
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const inboxDir = path.join(tmp, 'inbox');
    run('public-inbox-init', ['-V2', '-L', 'basic', name, inboxDir, `http://127.0.0.1/${name}`, address], env);
    run('git', ['config', '-f', env.PI_CONFIG!, 'publicinboxmda.spamcheck', 'none'], env);
    for (const msg of messages) run('public-inbox-mda', ['--no-precheck'], { ...env, ORIGINAL_RECIPIENT: address }, msg);

    let hasAll = false;
    const allDir = path.join(tmp, 'all');
    if (spawnSync('public-inbox-extindex', ['--all', allDir], { env, stdio: 'ignore', timeout: 60_000 }).status === 0) {
      run('git', ['config', '-f', env.PI_CONFIG!, 'extindex.all.topdir', allDir], env);
      hasAll = true;
    }

    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      let stderr = '';
      child = spawn('public-inbox-httpd', ['-W0', '-l', `http://127.0.0.1:${port}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); });
      child.on('error', () => { /* exitCode check below notices */ });
      const base = `http://127.0.0.1:${port}`;
      if (await waitReady(`${base}/${name}/`, child, 15_000)) {
        return { base, name, hasAll, stop: cleanup };
      }
      await kill(child);
      child = null;
      if (attempt === 2) throw new Error(`public-inbox-httpd did not start: ${stderr.trim().slice(0, 500)}`);
    }
    throw new Error('unreachable');
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Splits a fixture mbox on its `From ` separator lines (fixtures have no From-lines in bodies). */
export function splitFixtureMbox(mbox: Buffer): Buffer[] {
  return mbox.toString('utf8').split(/^From \S+ .*\n/m).filter((m) => m.trim() !== '').map((m) => Buffer.from(m));
}
