// Posting one series version to one channel target through the outbox: find the series' lineage and
// earlier posts at this target, claim the row (a lease, in a write transaction), deliver, record.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DB } from '../store/db.ts';
import { claimOutbox, finishOutbox, outboxRowsFor, renewOutboxLease, type OutboxKey, type OutboxRow } from '../store/outbox.ts';
import type { OnStoreBusy } from '../store/write-lock.ts';
import type { Channel, Delivered, DraftFile } from './channel.ts';
import { backoffMs, DEFAULT_POLICY, PostError, redact, type OnWait } from './retry.ts';

export type OutcomeStatus = 'created' | 'updated' | 'unchanged' | 'busy' | 'skipped' | 'failed' | 'uncertain' | 'dry-run';

export interface DispatchOutcome {
  target: string;
  status: OutcomeStatus;
  /** One line for people. */
  detail: string;
  remoteId: string | null;
  url: string | null;
  /** The rendered body (dry runs only). */
  body?: string;
  /** A target posted in several pieces (patchwork: one check per patch): each piece's outcome. */
  parts?: DispatchOutcome[];
}

/** What is posted, rendered for the lineage the outbox settled on. */
export interface Rendered {
  body: string;
  files?: DraftFile[];
  draftsFolder?: string;
  marker: string;
  title: string;
  /** What decides whether this was posted before (default: body and files); patchwork: the check's state and link. */
  hashText?: string;
}

export interface DispatchInput {
  db: DB;
  channel: Channel;
  seriesKey: string;
  version: number;
  /** Keys of the series' linked versions, oldest first. */
  chain: readonly string[];
  render: (lineage: string) => Rendered;
  owner: string;
  leaseMs: number;
  retryUncertain: boolean;
  dryRun: boolean;
  onWait?: OnWait;
  onBusy?: OnStoreBusy;
}

/** This process as a lease owner: host, pid and a nonce. */
export function leaseOwner(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** True when a lease names a process of this host that no longer runs. */
export function ownerGone(owner: string): boolean {
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export function bodyHash(r: Rendered): string {
  if (r.hashText !== undefined) return createHash('sha256').update(`hash-text\u0000${r.hashText}`, 'utf8').digest('hex');
  const h = createHash('sha256').update(r.body, 'utf8');
  for (const f of r.files ?? []) h.update(`\u0000${f.name}\u0000${f.text}`, 'utf8');
  return h.digest('hex');
}

/** Lease renewals at most this often (each is a small write transaction). */
const RENEW_EVERY_MS = 5_000;

function describe(d: Delivered): string {
  const where = d.url ?? d.remoteId;
  const what = d.action === 'unchanged' ? 'already up to date' : d.action;
  return `${what}: ${where}${d.note ? ` (${d.note})` : ''}`;
}

export async function dispatch(input: DispatchInput): Promise<DispatchOutcome> {
  const { db, channel } = input;
  const target = channel.target;
  const outcome = (status: OutcomeStatus, detail: string, row?: OutboxRow | null, extra: Partial<DispatchOutcome> = {}): DispatchOutcome => ({
    target: target.name, status, detail: redact(detail, channel.secrets, 500), remoteId: row?.remoteId ?? null, url: row?.remoteUrl ?? null, ...extra,
  });
  const rows = outboxRowsFor(db, target.kind, target.key, input.chain);
  // The lineage of the first post of this series here stays its lineage, whatever versions came to light since.
  const lineage = rows.at(-1)?.lineage ?? input.chain[0] ?? input.seriesKey;
  const rendered = input.render(lineage);
  if (input.dryRun) return outcome('dry-run', 'not posted (--dry-run)', null, { body: rendered.body });
  const newer = rows.find((r) => r.version > input.version && r.status === 'sent');
  if (newer && channel.editScope === 'lineage') {
    return outcome('skipped', `v${newer.version} is posted here already; v${input.version} is not posted over it`, newer);
  }
  const same = rows.find((r) => r.version === input.version && r.lineage === lineage) ?? null;
  const knownId = channel.editScope === 'lineage' ? same?.remoteId ?? rows.find((r) => r.remoteId)?.remoteId ?? null
    : channel.editScope === 'version' ? same?.remoteId ?? null : null;
  const extra = Object.assign({}, ...[...rows].reverse().map((r) => r.extra)) as Record<string, string>;
  const key: OutboxKey = { channel: target.kind, target: target.key, lineage, version: input.version };
  const hash = bodyHash(rendered);
  const claim = claimOutbox(db, {
    key, seriesKey: input.seriesKey, bodyHash: hash, owner: input.owner, now: Date.now(), leaseMs: input.leaseMs,
    canFind: channel.canFind, retryUncertain: input.retryUncertain, ownerGone, onBusy: input.onBusy,
  });
  if (claim.outcome === 'unchanged') return outcome('unchanged', `already posted: ${claim.row.remoteUrl ?? claim.row.remoteId ?? ''}`, claim.row);
  if (claim.outcome === 'busy') {
    const until = new Date(claim.row.leaseUntil ?? 0).toISOString().slice(11, 19);
    return outcome('busy', `another mm-review process is posting this now (its lease runs until ${until} UTC); not posted twice`, claim.row);
  }
  if (claim.outcome === 'uncertain') {
    return outcome('uncertain', `${claim.row.lastError ?? 'may have been delivered'}; not sent again (--retry-uncertain sends it anyway)`, claim.row);
  }
  const finish = (result: Parameters<typeof finishOutbox>[3]): void => {
    finishOutbox(db, key, input.owner, result);
  };
  if (channel.editScope === 'none' && claim.row.sentHash !== null) {
    const reason = 'posted before with another text; this channel cannot edit, so the new text is not posted again';
    finish({ status: 'skipped', reason });
    return outcome('skipped', reason, claim.row);
  }
  if (channel.flavor === 'email' && (rendered.files ?? []).length === 0) {
    const reason = 'no findings, so no review reply to draft';
    finish({ status: 'skipped', reason });
    return outcome('skipped', reason, claim.row);
  }
  let renewed = Date.now();
  const onAttempt = (): void => {
    if (Date.now() - renewed < RENEW_EVERY_MS) return;
    renewed = Date.now();
    if (!renewOutboxLease(db, key, input.owner, renewed + input.leaseMs)) {
      throw new PostError(`${target.name}: another process took this post over while this one waited; stopped`, false, true);
    }
  };
  try {
    const done = await channel.deliver({
      body: rendered.body, files: rendered.files, draftsFolder: rendered.draftsFolder, title: rendered.title, marker: rendered.marker,
      knownId, resumed: claim.resumed, extra, onAttempt, onWait: input.onWait,
    });
    if (done.action === 'skipped') {
      const reason = done.note ?? 'skipped';
      finish({ status: 'skipped', reason });
      return outcome('skipped', reason, claim.row);
    }
    finish({ status: 'sent', sentHash: hash, remoteId: done.remoteId, remoteUrl: done.url, extra: done.extra });
    return outcome(done.action, describe(done), null, { remoteId: done.remoteId, url: done.url });
  } catch (err) {
    if (!(err instanceof PostError)) {
      const text = err instanceof Error ? err.message : String(err);
      finish({ status: 'failed', error: redact(`internal error: ${text}`, channel.secrets), uncertain: true, nextTryAt: null });
      throw err;
    }
    const message = redact(err.message, channel.secrets, 500);
    const nextTryAt = err.permanent ? null : Date.now() + backoffMs({ ...DEFAULT_POLICY, maxMs: 3_600_000, baseMs: 60_000 }, claim.row.attempts - 1);
    finish({ status: 'failed', error: message, uncertain: err.uncertain, nextTryAt });
    return outcome(err.uncertain ? 'uncertain' : 'failed', message.startsWith(`${target.name}: `) ? message.slice(target.name.length + 2) : message, claim.row);
  }
}
