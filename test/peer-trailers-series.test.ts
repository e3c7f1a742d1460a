// b4's series-level trailer expectations (peer-data MANIFEST section C): follow-up trailers on the
// cover apply to every patch, a partial re-roll keeps unchanged patches and drops trailers given to
// a patch that changed. Compared with the trailer blocks of b4's own -ref-defaults.txt outputs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/db.ts';
import { ingestHandles } from '../src/app/ingest-messages.ts';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { listSeries } from '../src/store/read.ts';
import { patchesWithTrailers } from '../src/app/series.ts';
import { SHARED } from './helpers/cli.ts';

const B4 = join(SHARED, 'peer-data', 'b4');
// b4's tests run with addmysob for these cases; we never add the user's own Signed-off-by.
const ADDED_BY_B4_USER = 'Signed-off-by: Test Override <test-override@example.com>';

/** The trailer block of each patch in a b4 -ref output, keyed by Message-Id. */
function refTrailers(file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const mail of readFileSync(file, 'utf8').split(/^From git@z /m).slice(1)) {
    const id = /^Message-Id: <([^>]+)>/m.exec(mail)![1]!;
    const body = mail.slice(mail.indexOf('\n\n') + 2, mail.indexOf('\ndiff --git'));
    const paragraphs = body.trim().split(/\n\n/);
    out.set(id, paragraphs[paragraphs.length - 1]!.split('\n').filter((l) => l !== ADDED_BY_B4_USER));
  }
  return out;
}

async function ourTrailers(mbox: string, version: number): Promise<Map<string, string[]>> {
  const db = openDatabase(':memory:');
  const { messages, warnings } = splitMailbox(readFileSync(mbox), mbox);
  await ingestHandles(db, [{ label: mbox, messages, warnings }]);
  const series = listSeries(db).find((s) => s.version === version)!;
  const out = new Map<string, string[]>();
  for (const p of patchesWithTrailers(db, series.key)) {
    const own = JSON.parse(db.prepare('SELECT trailers FROM patches WHERE message_id = ?').pluck().get(p.messageId) as string) as { key: string; value: string }[];
    out.set(p.messageId, [...own, ...p.trailers].map((t) => `${t.key}: ${t.value}`));
  }
  db.close();
  return out;
}

describe('b4 follow-up trailers across a series (peer data)', () => {
  for (const [name, version] of [['with-cover', 2], ['partial-reroll', 3]] as const) {
    test(`${name}: every patch's trailer block equals b4's`, async (t) => {
      const mbox = join(B4, `trailers-followup-${name}.mbox`);
      if (!existsSync(mbox)) return t.skip('../shared/peer-data not found');
      const expected = refTrailers(join(B4, `trailers-followup-${name}-ref-defaults.txt`));
      const actual = await ourTrailers(mbox, version);
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      for (const [id, lines] of expected) assert.deepEqual(actual.get(id), lines, id);
    });
  }
});
