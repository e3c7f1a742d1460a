// End-to-end: `mm-review review` on the bundled example, every format, exit codes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parseJson, runCli, runMain, tempDir, EXAMPLE_MBOX, ROOT, SHARED } from './helpers/cli.ts';

/** The parts of a JSON report these tests read. */
interface ReportJson {
  tool: { name: string };
  analysis?: unknown;
  series: { version: number; messageId: string; previousVersion: string | null; findings: { rule: string }[] }[];
}

/** The parts of a SARIF log these tests read. */
interface SarifJson {
  version: string;
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';

const dir = tempDir();
const db = join(dir, 'review.db');
const review = (...args: string[]) => runMain(['--db', db, 'review', EXAMPLE_MBOX, ...args]);

describe('mm-review review on the example series', () => {
  test('md (a real process): both versions, the flush and pin findings on v1 at their lines, fewer on v2', () => {
    const r = runCli(['--db', db, 'review', EXAMPLE_MBOX]);
    assert.equal(r.status, 1, 'error findings make the exit code 1');
    const [v1, v2] = r.stdout.split(/^## /m).slice(1);
    assert.match(v1!, /\(v1\)/);
    assert.match(v1!, /mm\.flush\.cache-before-pte-move[\s\S]*mm\/fakemove\.c:25` in `fakemove_one_pte\(\)`/);
    assert.match(v1!, /ptep_get_and_clear\(src_mm, src_addr, src_pte\); {2}<-- mm\.flush\.cache-before-pte-move/);
    assert.match(v1!, /mm\.pin\.maybe-pinned-check-and-recheck/);
    assert.match(v1!, /mm\.uapi\.new-ioctl-needs-selftest-and-docs/);
    assert.match(v2!, /What changed since v1/);
    assert.doesNotMatch(v2!, /mm\.flush\.cache-before-pte-move/, 'v2 flushes the cache');
    assert.doesNotMatch(v2!, /mm\.uapi\.new-ioctl-needs-selftest-and-docs/, 'v2 adds a selftest and docs');
    assert.match(v2!, /mm\.pin\.maybe-pinned-check-and-recheck/, 'v2 still lacks the pin check');
    assert.match(r.stdout, /Analysis:\*\* diff only/);
  });

  test('--fail-on never exits 0; --fail-on warning still 1', async () => {
    assert.equal((await review('--fail-on', 'never', '--format', 'json')).status, 0);
    assert.equal((await review('--fail-on', 'warning', '--format', 'json')).status, 1);
  });

  test('json validates against the contract and has one entry per version', async (t) => {
    const r = await review('--format', 'json');
    const doc = parseJson<ReportJson>(r.stdout);
    assert.equal(doc.tool.name, 'mm-review');
    assert.deepEqual(doc.series.map((s) => s.version), [1, 2]);
    assert.equal(doc.series[1]!.previousVersion, doc.series[0]!.messageId);
    const schemaPath = join(SHARED, 'contract', 'review-report.schema.json');
    if (!existsSync(schemaPath)) return t.skip('../shared/contract not found');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(parseJson<object>(readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(doc), JSON.stringify(validate.errors));
  });

  test('sarif: results at file and line', async () => {
    const doc = parseJson<SarifJson>((await review('--format', 'sarif')).stdout);
    assert.equal(doc.version, '2.1.0');
    const flush = doc.runs[0]!.results.find((x) => x.ruleId === 'mm.flush.cache-before-pte-move');
    assert.ok(flush);
    assert.equal(flush.locations[0]!.physicalLocation.artifactLocation.uri, 'mm/fakemove.c');
    assert.equal(flush.locations[0]!.physicalLocation.region.startLine, 25);
  });

  test('html: one self-contained page with the finding inline', async () => {
    const out = join(dir, 'report.html');
    const r = await review('--format', 'html', '--out', out);
    assert.equal(r.stdout, '');
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.doesNotMatch(html, /<(link|img|script)[^>]+(src|href)=["']?https?:/i, 'no external assets');
    assert.match(html, /data-rule="mm\.flush\.cache-before-pte-move"/);
  });

  test('email: replies that our own ingest threads back under the patches', async () => {
    const r = await review('--format', 'email');
    const { messages } = splitMailbox(Buffer.from(r.stdout), 'email');
    assert.ok(messages.length >= 2);
    const parsed = messages.map(parseMessage);
    const first = parsed.find((m) => m.inReplyTo.includes('fakemove-v1-1@example.com'));
    assert.ok(first, 'a reply to v1 1/2');
    assert.match(first!.subject, /^Re: \[PATCH 1\/2\] mm: fakemove/);
    assert.deepEqual(first!.references, ['fakemove-v1-0@example.com', 'fakemove-v1-1@example.com']);
    assert.match(first!.text, /^> \+\torig_pte = ptep_get_and_clear\(src_mm, src_addr, src_pte\);\n\n[^>][\s\S]{0,200}flush_cache_range/m,
      'the comment sits right under the quoted line it is about');
    for (const m of parsed) assert.doesNotMatch(m.text, /^(Reviewed|Acked)-by:/m);
    assert.doesNotMatch(r.stdout, /\r/);
  });

  test('bad format and bad fail-on are one-line usage errors', async () => {
    for (const args of [['--format', 'pdf'], ['--fail-on', 'critical']]) {
      const r = await review(...args);
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  test('an input without patches is an input error', async () => {
    const r = await runMain(['--db', join(dir, 'empty.db'), 'review', join(ROOT, 'test', 'fixtures', 'parse', 'single.eml')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no patch series found/);
  });
});

describe('the installed command', () => {
  test('bin/mm-review.js runs (npx mm-review)', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin', 'mm-review.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  });
});


describe('review --tree', () => {
  /** A one-commit checkout holding mm/Makefile with `makefile` as its text. */
  function checkout(makefile: string) {
    const repo = join(tempDir(), 'linux');
    const git = (...args: string[]) => spawnSync('git', args, {
      cwd: repo, encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.org' },
    });
    mkdirSync(join(repo, 'mm'), { recursive: true });
    git('init', '-q');
    writeFileSync(join(repo, 'mm', 'Makefile'), makefile);
    git('add', '-A');
    git('commit', '-qm', 'base');
    return { repo, git, head: git('rev-parse', 'HEAD').stdout.trim() };
  }

  interface TreeAnalysis { mode: string; base: string | null; summary: string; baseSource: string; patchesApplied: number[]; patchesOffered: number; patchesFailed: { patch: number; reason: string }[] }

  test('applies each version on the checkout in a scratch index and says which base it used', async () => {
    const { repo, git, head } = checkout('obj-y += memory.o mmap.o mremap.o rmap.o\nobj-$(CONFIG_USERFAULTFD) += userfaultfd.o\nobj-$(CONFIG_KSM) += ksm.o\n');
    const before = git('status', '--porcelain').stdout;
    const r = await runMain(['--db', join(tempDir(), 't.db'), 'review', EXAMPLE_MBOX, '--tree', repo, '--format', 'json', '--fail-on', 'never']);
    assert.equal(r.status, 0, r.stderr);
    const doc = parseJson<ReportJson & { series: { analysis: TreeAnalysis }[] }>(r.stdout);
    const analysis = doc.analysis as { mode?: string } | string | undefined;
    assert.equal(typeof analysis === 'object' ? analysis.mode : analysis, 'tree');
    const v1 = doc.series[0]!.analysis;
    assert.deepEqual([v1.mode, v1.base, v1.patchesApplied, v1.patchesOffered, v1.patchesFailed], ['tree', head, [1, 2], 2, []]);
    assert.match(v1.summary, /^2 of 2 patches applied on [0-9a-f]{12} \(/);
    const status = r.stderr.split('\n').filter((l) => l.startsWith('tree: '));
    assert.equal(status.length, 2, `one status line per version on stderr:\n${r.stderr}`);
    assert.match(status[0]!, new RegExp(`^tree: fakemove-v1-0@example\\.com: 2 of 2 patches applied on ${head.slice(0, 12)} `));
    const rules = doc.series[0]!.findings.map((f) => f.rule);
    assert.ok(rules.includes('mm.flush.cache-before-pte-move'));
    assert.equal(git('status', '--porcelain').stdout, before, 'the checkout is untouched');
    assert.equal(git('rev-parse', 'HEAD').stdout.trim(), head);
  });

  test('a series of which nothing applies is reported as diff-only, with the reasons', async () => {
    const { repo } = checkout('# a Makefile the series was not written against\n');
    const r = await runMain(['--db', join(tempDir(), 't.db'), 'review', EXAMPLE_MBOX, '--tree', repo, '--format', 'json', '--fail-on', 'never']);
    assert.equal(r.status, 0, r.stderr);
    const doc = parseJson<ReportJson & { series: { analysis: TreeAnalysis }[] }>(r.stdout);
    const v1 = doc.series[0]!.analysis;
    assert.equal(v1.mode, 'diff', 'never "tree" when no patch applied');
    assert.equal(v1.base, null);
    assert.deepEqual(v1.patchesApplied, []);
    assert.ok(v1.patchesFailed.length >= 1 && v1.patchesFailed.every((f) => f.reason.length > 0));
    assert.match(v1.summary, /^none of 2 patches applied on [0-9a-f]{12} .*analysed from the diff alone$/);
    assert.match(r.stderr, /tree: fakemove-v1-0@example\.com: none of 2 patches applied/);
    const md = await runMain(['--db', join(tempDir(), 't.db'), 'review', EXAMPLE_MBOX, '--tree', repo, '--fail-on', 'never', '-q']);
    assert.match(md.stdout, /\*\*Analysis:\*\* diff only: none of 2 patches applied on/);
    assert.doesNotMatch(md.stderr, /^tree: /m, '--quiet keeps the status lines off stderr');
  });

  test('a --tree that is not a git checkout is a one-line error', async () => {
    const r = await runMain(['--db', join(tempDir(), 't.db'), 'review', EXAMPLE_MBOX, '--tree', tempDir()]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--tree/);
  });
});
