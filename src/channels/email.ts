// E-mail drafts: the review replies report/email.ts renders, one .eml file each, ready for
// `git send-email` and addressed reply-all (the patch's author in To, its other recipients in Cc).
// mm-review never sends them: the first line of every body says a person must review it first.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEmail } from '../report/email.ts';
import type { ReviewReport } from '../report/report-model.ts';
import type { Channel, Delivered, Delivery, DraftFile } from './channel.ts';
import { PostError } from './retry.ts';
import type { Target } from './targets.ts';

export const DRAFT_NOTICE = '[mm-review draft: a person must review and edit this reply before sending it; delete this line then.]';

const DRAFT_NAME = /^\d{4}-[a-z0-9-]*\.eml$/;

function slug(text: string): string {
  return text.toLowerCase().replace(/^re:\s*/, '').replace(/\[[^\]]*\]/g, ' ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50);
}

/**
 * The drafts of the report's replies, as the email renderer writes them (reply-all: the author in
 * To, the other recipients and lists in Cc), each with the notice that a person sends it.
 */
export function emailDrafts(report: ReviewReport, from: string): DraftFile[] {
  const mbox = renderEmail(report, { from });
  if (!mbox) return [];
  const replies = mbox.split(/^From mm-review@localhost .*\n/m).filter((r) => r.trim() !== '');
  return replies.map((text, i) => {
    const split = text.indexOf('\n\n');
    const head = text.slice(0, split);
    const body = text.slice(split + 2);
    const subject = /^Subject:(.*)$/im.exec(head)?.[1]?.trim() ?? '';
    const name = `${String(i + 1).padStart(4, '0')}-${slug(subject) || 'reply'}.eml`;
    return { name, text: `${head}\n\n${DRAFT_NOTICE}\n\n${body}` };
  });
}

/** Writes a file through a temporary name, so a reader never sees half of it. */
function writeWhole(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The folder of one version's drafts within the drafts folder: its series key and version, made safe. */
export function draftsFolder(seriesKey: string, version: number): string {
  return `${seriesKey.replace(/[^A-Za-z0-9._@-]+/g, '_').replace(/^\.+/, '_').slice(0, 80)}-v${version}`;
}

export function emailChannel(target: Extract<Target, { kind: 'email' }>): Channel {
  return {
    target, flavor: 'email', budget: Number.POSITIVE_INFINITY, editScope: 'version', canFind: true, secrets: [],
    deliver(d: Delivery): Promise<Delivered> {
      const folder = join(target.dir, d.draftsFolder ?? 'drafts');
      const files = d.files ?? [];
      let changed = 0;
      let fresh = false;
      try {
        try {
          readdirSync(folder);
        } catch {
          fresh = true;
        }
        mkdirSync(folder, { recursive: true });
        const wanted = new Set(files.map((f) => f.name));
        for (const f of files) {
          let old: string | null = null;
          try {
            old = readFileSync(join(folder, f.name), 'utf8');
          } catch {
            old = null;
          }
          if (old === f.text) continue;
          writeWhole(join(folder, f.name), f.text);
          changed++;
        }
        for (const name of readdirSync(folder)) {
          if (DRAFT_NAME.test(name) && !wanted.has(name)) {
            rmSync(join(folder, name), { force: true });
            changed++;
          }
        }
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new PostError(`${target.name}: cannot write the drafts in ${folder} (${e.code ?? e.message})`, true);
      }
      const action = fresh ? 'created' : changed > 0 ? 'updated' : 'unchanged';
      return Promise.resolve({ action, remoteId: folder, url: null, note: `${files.length} draft${files.length === 1 ? '' : 's'}; review, then send with git send-email` });
    },
  };
}
