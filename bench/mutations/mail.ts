// Patch mail for the tree-mutation benchmark: a whole file posted as new, or the real unified diff of a
// mutated file against its original (git diff, C function context), wrapped as one-patch series in an mbox.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** git's blob id of `text` (what `git hash-object` prints). */
export function blobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** The git diff that adds `path` with `text`. */
export function newFileDiff(path: string, text: string): string {
  const lines = text.split('\n');
  const noEol = lines[lines.length - 1] !== '';
  if (!noEol) lines.pop();
  const out = [
    `diff --git a/${path} b/${path}`, 'new file mode 100644', `index 0000000000000000000000000000000000000000..${blobId(text)}`,
    '--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@`,
    ...lines.map((l) => `+${l}`),
  ];
  if (noEol) out.push('\\ No newline at end of file');
  return out.join('\n') + '\n';
}

/**
 * `git diff` of `after` against `before` for `path`, with `context` lines and the C function in each hunk
 * header, as the kernel's `diff=cpp` attribute gives. `scratch` is a folder this may write into.
 */
export function unifiedDiff(path: string, before: string, after: string, scratch: string, context = 3): string {
  for (const [side, text] of [['a', before], ['b', after]] as const) {
    const file = join(scratch, side, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const attrs = join(scratch, 'attributes');
  writeFileSync(attrs, '*.c diff=cpp\n*.h diff=cpp\n');
  const args = ['-c', `core.attributesFile=${attrs}`, 'diff', '--no-index', '--no-prefix', '--full-index', '--no-color', `-U${context}`, '--', `a/${path}`, `b/${path}`];
  try {
    execFileSync('git', args, { cwd: scratch, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    return ''; // exit 0: no difference
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    if (e.status === 1 && typeof e.stdout === 'string') return e.stdout;
    throw new Error(`git diff --no-index failed for ${path}: ${e.stderr ?? String(err)}`, { cause: err });
  }
}

export interface PatchMail {
  /** Without angle brackets. */
  messageId: string;
  author: string;
  subject: string;
  commitMessage: string;
  diff: string;
  /** Written as a `base-commit:` trailer after the diff, as `git format-patch --base` does. */
  baseCommit?: string;
}

/** One mbox (mboxrd) of single-patch mails, one hour apart and each from its own sender, so none group together. */
export function mboxOf(mails: readonly PatchMail[], start = Date.UTC(2025, 0, 6, 9)): string {
  return mails.map((m, i) => {
    const from = `${m.author} <${m.messageId.replace(/[^\w.-]/g, '-')}@mm-review.invalid>`;
    const body = [
      m.commitMessage.trim(), '', `Signed-off-by: ${from}`, '---', m.diff.replace(/\n$/, ''),
      ...(m.baseCommit ? ['', `base-commit: ${m.baseCommit}`] : []), '-- ', 'mm-review bench', '',
    ].join('\n');
    const headers = [
      `From mboxrd@z Thu Jan  1 00:00:00 1970`, `From: ${from}`, 'To: linux-mm@kvack.org', `Subject: ${m.subject}`,
      `Date: ${new Date(start + i * 3_600_000).toUTCString().replace('GMT', '+0000')}`, `Message-ID: <${m.messageId}>`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit',
    ];
    return `${headers.join('\n')}\n\n${body.replace(/^(>*From )/gm, '>$1')}\n`;
  }).join('');
}
