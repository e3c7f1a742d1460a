// A synthetic mailing list for store and fault tests: series of small mm patches (a cover letter,
// patches with diffs, a second version) and replies that ask reviewer questions, all made up here.
import type { RawMessage } from '../../src/domain/mail.ts';

const DAY = 86_400_000;

function mail(headers: Record<string, string>, body: string[]): string {
  return [...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ...body, ''].join('\n');
}

function date(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function patchBody(s: number, p: number, v: number): string[] {
  return [
    `Synthetic change ${p} of series ${s}, version ${v}: the counter is bumped under the lock.`,
    '',
    `Signed-off-by: Synth Author${s} <author${s}@example.org>`,
    '---',
    ` mm/synthetic_${s}.c | 2 +-`,
    ' 1 file changed, 1 insertion(+), 1 deletion(-)',
    '',
    `diff --git a/mm/synthetic_${s}.c b/mm/synthetic_${s}.c`,
    `--- a/mm/synthetic_${s}.c`,
    `+++ b/mm/synthetic_${s}.c`,
    '@@ -10,3 +10,3 @@ static void synthetic_bump(struct synth *sy)',
    ' {',
    `-\tsy->count_${p} += 1;`,
    `+\tsy->count_${p} += ${v + 1};`,
    ' }',
    '--',
    '2.40.0',
  ];
}

/**
 * `series` series, each posted in two versions of `patches` patches with a cover letter, every
 * patch of the first version answered by a reviewer's question, and the second version's cover
 * letter answered too. Messages come in posting order.
 */
export function syntheticList(series: number, patches = 2): RawMessage[] {
  const out: RawMessage[] = [];
  const start = Date.UTC(2026, 0, 5, 9);
  for (let s = 0; s < series; s++) {
    for (let v = 1; v <= 2; v++) {
      const t = start + s * DAY + (v - 1) * DAY / 2;
      const tag = v === 1 ? 'PATCH' : 'PATCH v2';
      const cover = `<synth.${s}.v${v}.0@example.org>`;
      const from = `Synth Author${s} <author${s}@example.org>`;
      out.push({ origin: `synthetic-${s}-${v}-0`, bytes: Buffer.from(mail(
        { From: from, Subject: `[${tag} 0/${patches}] mm/synthetic: bump counters ${s}`, 'Message-ID': cover, Date: date(t) },
        [`Series ${s} bumps its synthetic counters.`, ...(v === 2 ? ['', 'v2: bigger bumps.'] : [])],
      )) });
      for (let p = 1; p <= patches; p++) {
        const id = `<synth.${s}.v${v}.${p}@example.org>`;
        out.push({ origin: `synthetic-${s}-${v}-${p}`, bytes: Buffer.from(mail(
          { From: from, Subject: `[${tag} ${p}/${patches}] mm/synthetic: bump counter ${p} of ${s}`, 'Message-ID': id,
            'In-Reply-To': cover, References: cover, Date: date(t + p * 60_000) },
          patchBody(s, p, v),
        )) });
        if (v !== 1) continue;
        out.push({ origin: `synthetic-${s}-${v}-${p}-reply`, bytes: Buffer.from(mail(
          { From: `Synth Reviewer <reviewer@example.org>`, Subject: `Re: [${tag} ${p}/${patches}] mm/synthetic: bump counter ${p} of ${s}`,
            'Message-ID': `<synth.${s}.v${v}.${p}.re@example.org>`, 'In-Reply-To': id, References: `${cover} ${id}`, Date: date(t + p * 60_000 + 3_600_000) },
          [`On a synthetic day, Synth Author${s} wrote:`, `> -\tsy->count_${p} += 1;`, `> +\tsy->count_${p} += 2;`, '',
            `Why is counter ${p} bumped by two here, and who reads it without the lock?`],
        )) });
      }
    }
  }
  return out;
}

/** The messages of syntheticList as one mbox file's text. */
export function syntheticMbox(series: number, patches = 2): string {
  return syntheticList(series, patches).map((m) => `From mboxrd@z Thu Jan  1 00:00:00 1970\n${m.bytes.toString('utf8').replace(/^(>*From )/gm, '>$1')}\n`).join('');
}
