// The stores the ledger is evaluated on, built the way a user builds them: `mm-review --db <temp> ingest
// <source>` as its own process (timed: that ingest builds the ledger), run from the TypeScript sources
// through tsx with the installed command's node flags, so that it is the code of the work tree (dist/ may
// be older). The ledger is then read through the app layer (questionsOf, listSeries) and the store's
// resolveSeriesKey, as `mm-review questions --json` and `series` do.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { questionsOf } from '../../src/app/questions.ts';
import { listSeries } from '../../src/app/series.ts';
import { openStore } from '../../src/app/store.ts';
import { resolveSeriesKey } from '../../src/store/read.ts';
import { timedCli } from '../timed-cli.ts';
import type { LabelledThread, Source } from './labels.ts';
import type { EvalEntry } from './match.ts';
import type { ThreadView, VersionRef } from './metrics.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const UFFDIO_MBOX = resolve(ROOT, '..', 'shared', 'corpus', 'uffdio-move', 'all-messages.mbox');
export const CGROUPS_EPOCH = resolve(ROOT, '..', 'shared', 'archives', 'cgroups-0.git');
/** Set to a path to keep the cgroups store there and reuse it while src/ is unchanged. */
export const REUSE_ENV = 'MMR_LEDGER_DB';

export interface BuiltStore {
  source: Source;
  input: string;
  path: string;
  /** Wall time of the ingest command (whole process), seconds; null when reused without a record. */
  seconds: number | null;
  rssMb: number | null;
  /** The ledger part of the ingest, from its --json summary. */
  ledgerMs: number | null;
  questions: number | null;
  chainsRebuilt: number | null;
  messagesStored: number | null;
  /** How a reused store came to be (null: built by this run). */
  reused: string | null;
}

/** The node flags of bin/mm-review.js's first line (what the installed command runs with). */
function installedNodeFlags(): string[] {
  try {
    const first = readFileSync(join(ROOT, 'bin', 'mm-review.js'), 'utf8').split('\n', 1)[0]!;
    const at = first.indexOf(' node ');
    return at < 0 ? [] : first.slice(at + 6).trim().split(/\s+/).filter((f) => f.startsWith('--'));
  } catch {
    return [];
  }
}

interface IngestJson {
  stored?: number;
  ledger?: { questions: number; chainsRebuilt: number; ms: number };
}

/** Ingests `input` into a new store at `path` with the CLI, timed. */
export async function ingestStore(source: Source, input: string, path: string, scratch: string): Promise<BuiltStore> {
  if (!existsSync(input)) throw new Error(`${input} is missing`);
  const node = [process.execPath, ...installedNodeFlags(), '--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'),
    '--db', path, '-q', 'ingest', input, '--json'];
  const run = await timedCli(node, scratch);
  const summary = JSON.parse(run.stdout) as IngestJson;
  return {
    source, input, path, seconds: run.seconds, rssMb: run.rssMb, ledgerMs: summary.ledger?.ms ?? null,
    questions: summary.ledger?.questions ?? null, chainsRebuilt: summary.ledger?.chainsRebuilt ?? null,
    messagesStored: summary.stored ?? null, reused: null,
  };
}

/** A hash of every file under src/: a store built by other code is built again. */
function sourceFingerprint(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(relative(ROOT, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(join(ROOT, 'src'));
  return h.digest('hex');
}

interface Sidecar {
  fingerprint: string;
  input: string;
  builtAt: string;
  store: BuiltStore;
}

function removeStore(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}.lock`]) rmSync(p, { force: true });
}

/**
 * The cgroups store: built in `scratch`; or, with $MMR_LEDGER_DB, kept at that path and reused while it
 * was built by this eval from the same src/ (a record beside it says so). A store there that this eval
 * did not build is used as it is, without a cost figure; one built from other code is built again.
 */
export async function cgroupsStore(scratch: string): Promise<BuiltStore> {
  const kept = process.env[REUSE_ENV];
  if (!kept) return ingestStore('cgroups', CGROUPS_EPOCH, join(scratch, 'cgroups.db'), scratch);
  const path = resolve(kept);
  const sidecarPath = `${path}.eval-ledger.json`;
  const fingerprint = sourceFingerprint();
  if (existsSync(path)) {
    let meta: Sidecar | null;
    try {
      meta = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar;
    } catch {
      meta = null;
    }
    if (!meta) {
      return { source: 'cgroups', input: CGROUPS_EPOCH, path, seconds: null, rssMb: null, ledgerMs: null, questions: null, chainsRebuilt: null,
        messagesStored: null, reused: `${path}: not built by this eval, used as it is (no cost figure)` };
    }
    if (meta.fingerprint === fingerprint && meta.input === CGROUPS_EPOCH) {
      return { ...meta.store, path, reused: `${path}, built ${meta.builtAt} from the same src/; cost as measured then` };
    }
    removeStore(path);
  }
  const built = await ingestStore('cgroups', CGROUPS_EPOCH, path, scratch);
  const record: Sidecar = { fingerprint, input: CGROUPS_EPOCH, builtAt: new Date().toISOString(), store: built };
  writeFileSync(sidecarPath, JSON.stringify(record, null, 2) + '\n');
  return built;
}

function toEntry(r: EvalEntry): EvalEntry {
  return {
    id: r.id, messageId: r.messageId, seriesKey: r.seriesKey, version: r.version, text: r.text, file: r.file, function: r.function,
    status: r.status, acknowledged: r.acknowledged, answerMessageId: r.answerMessageId, resolvedIn: r.resolvedIn, evidence: r.evidence,
    carriedTo: r.carriedTo,
  };
}

/** Series key -> id of its chain (series joined by their previous-version links). */
function chains(links: readonly { key: string; previousKey: string | null }[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const s of links) {
    if (!parent.has(s.key)) parent.set(s.key, s.key);
    if (s.previousKey) {
      if (!parent.has(s.previousKey)) parent.set(s.previousKey, s.previousKey);
      const a = find(s.key);
      const b = find(s.previousKey);
      if (a !== b) parent.set(a, b);
    }
  }
  return new Map([...parent.keys()].map((k) => [k, find(k)]));
}

export interface StoreRead {
  views: ThreadView[];
  /** Ledger rows in the whole store. */
  rows: number;
  ms: number;
}

/** The labelled threads of one store, as the app layer shows them. */
export function readThreads(path: string, threads: readonly LabelledThread[]): StoreRead {
  const started = performance.now();
  const db = openStore(path);
  try {
    const rows = questionsOf(db);
    const series = listSeries(db);
    const summaryOf = new Map(series.map((s) => [s.key, s]));
    const chainOf = chains(series);
    const views = threads.map((thread): ThreadView => {
      const notes: string[] = [];
      const versions = new Map<number, VersionRef | null>();
      const keys = new Set<string>();
      for (const v of thread.versions) {
        const found = new Map<string, number>();
        for (const id of [v.cover, ...v.patches]) {
          const key = id ? resolveSeriesKey(db, id) : null;
          if (key) found.set(key, (found.get(key) ?? 0) + 1);
        }
        const ranked = [...found].sort((a, b) => b[1] - a[1]);
        for (const [k] of ranked) keys.add(k);
        const best = ranked[0]?.[0];
        const summary = best ? summaryOf.get(best) : undefined;
        if (!best || !summary) {
          notes.push(`v${v.version}: no series in the store for its messages`);
          versions.set(v.version, null);
          continue;
        }
        if (ranked.length > 1) notes.push(`v${v.version}: its messages are in ${ranked.length} series (${ranked.map(([k]) => k).join(', ')})`);
        if (summary.version !== v.version) notes.push(`v${v.version} is v${summary.version} in the store`);
        versions.set(v.version, { key: best, ledgerVersion: summary.version });
      }
      const groups = new Map<string, number[]>();
      for (const [n, r] of versions) if (r) groups.set(chainOf.get(r.key) ?? r.key, [...(groups.get(chainOf.get(r.key) ?? r.key) ?? []), n]);
      if (groups.size > 1) {
        notes.push(`its versions are in ${groups.size} unlinked chains in the store: ${[...groups.values()].map((g) => g.map((n) => `v${n}`).join(' ')).join(' | ')}`);
      }
      const replies = new Set([...thread.concerns, ...thread.notConcerns].map((c) => c.messageId));
      const entries = rows.filter((r) => keys.has(r.seriesKey) || replies.has(r.messageId)).map(toEntry);
      return { thread, versions, chainOf, entries, notes };
    });
    return { views, rows: rows.length, ms: Math.round(performance.now() - started) };
  } finally {
    db.close();
  }
}
