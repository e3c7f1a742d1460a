#!/usr/bin/env node
// Builds examples/fakemove.mbox: a synthetic two-version mm patch series with
// review replies, made with git format-patch from the C files in examples/src.
// Everything in it is invented for mm-review's quick start and tests.
// Usage: node examples/build-fakemove.mjs   (rewrites examples/fakemove.mbox)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const src = (name) => readFileSync(join(here, 'src', name), 'utf8');
const AUTHOR = 'Cleo Author <cleo@example.com>';
const LIST = 'linux-mm@example.org';

function git(dir, args, env = {}) {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Cleo Author', GIT_AUTHOR_EMAIL: 'cleo@example.com',
      GIT_COMMITTER_NAME: 'Cleo Author', GIT_COMMITTER_EMAIL: 'cleo@example.com',
      GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env,
    },
  });
}

function put(dir, path, text) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function commit(dir, date, message) {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', message], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
}

const MAKEFILE = 'obj-y += memory.o mmap.o mremap.o rmap.o\nobj-$(CONFIG_USERFAULTFD) += userfaultfd.o\nobj-$(CONFIG_KSM) += ksm.o\n';

/** Builds one version of the series on a fresh base and returns format-patch's mails. */
function buildVersion(version, date, patches, cover) {
  const dir = mkdtempSync(join(tmpdir(), 'fakemove-'));
  try {
    git(dir, ['init', '-q', '-b', 'main']);
    put(dir, 'mm/Makefile', MAKEFILE);
    commit(dir, '2026-01-05T10:00:00Z', 'base');
    for (const p of patches) {
      for (const [path, text] of Object.entries(p.files)) put(dir, path, text);
      commit(dir, date, p.message);
    }
    const out = join(dir, 'out');
    const args = ['format-patch', '-q', '--cover-letter', '--base=HEAD~' + patches.length, '-o', out,
      '--subject-prefix=' + (version > 1 ? `PATCH v${version}` : 'PATCH'), 'HEAD~' + patches.length];
    git(dir, args);
    return readdirSync(out).sort().map((f) => readFileSync(join(out, f), 'utf8'))
      .map((mail, i) => (i === 0 ? fillCover(mail, cover) : mail));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fillCover(mail, cover) {
  return mail.replace('*** SUBJECT HERE ***', cover.title).replace('*** BLURB HERE ***', cover.blurb);
}

/** Replaces format-patch's own envelope with fixed, threaded headers. */
function envelope(mail, { id, date, inReplyTo }) {
  const body = mail.slice(mail.indexOf('\n\n') + 2);
  const subject = /^Subject: (.*(?:\n[ \t].*)*)/m.exec(mail)[1].replace(/\n[ \t]+/g, ' ');
  const head = [
    `From ${id.split('@')[0]} Mon Sep 17 00:00:00 2001`,
    `From: ${AUTHOR}`,
    `To: ${LIST}`,
    `Cc: Ada Reviewer <ada@example.org>, Bram Maintainer <bram@example.org>`,
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${id}>`,
  ];
  if (inReplyTo) head.push(`In-Reply-To: <${inReplyTo}>`, `References: <${inReplyTo}>`);
  head.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: 8bit');
  return head.join('\n') + '\n\n' + body.replace(/^From /gm, '>From ');
}

function reply({ id, from, date, subject, parent, refs, body }) {
  return [
    `From ${id.split('@')[0]} Mon Sep 17 00:00:00 2001`,
    `From: ${from}`,
    `To: ${AUTHOR}`,
    `Cc: ${LIST}`,
    `Subject: Re: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${id}>`,
    `In-Reply-To: <${parent}>`,
    `References: ${[...refs, parent].map((r) => `<${r}>`).join(' ')}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    body.trim(),
    '',
  ].join('\n');
}

const quote = (text) => text.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n');

const v1 = buildVersion(1, '2026-02-02T09:00:00Z', [
  {
    message: 'mm: fakemove: add a helper to move one anonymous PTE\n\nAdd fakemove_one_pte(), which moves a single anonymous page from one user\naddress to another by clearing the source PTE and installing the folio\nat the destination. The helper works within one mm and across two mms.\n\nSigned-off-by: ' + AUTHOR,
    files: { 'mm/fakemove.c': src('fakemove-v1.c'), 'mm/Makefile': MAKEFILE + 'obj-$(CONFIG_FAKEMOVE) += fakemove.o\n' },
  },
  {
    message: 'mm: fakemove: add the FAKEMOVE_IOC_MOVE ioctl\n\nExpose page moving to user space through a new ioctl on the fakemove\ndevice.\n\nSigned-off-by: ' + AUTHOR,
    files: { 'include/uapi/linux/fakemove.h': src('fakemove.h'), 'mm/fakemove.c': src('fakemove-v1.c') + src('fakemove-ioctl.c') },
  },
], { title: 'mm: fakemove: move anonymous pages between addresses', blurb: 'This series adds fakemove, a synthetic page-moving interface made up for\nmm-review\'s examples. Patch 1 adds the PTE-moving helper, patch 2 the uAPI.' });

const v2 = buildVersion(2, '2026-02-16T09:00:00Z', [
  {
    message: 'mm: fakemove: add a helper to move one anonymous PTE\n\nAdd fakemove_one_pte(), which moves a single anonymous page from one user\naddress to another within one mm, flushing the cache before the source\nPTE is cleared.\n\nSigned-off-by: ' + AUTHOR,
    files: { 'mm/fakemove.c': src('fakemove-v2.c'), 'mm/Makefile': MAKEFILE + 'obj-$(CONFIG_FAKEMOVE) += fakemove.o\n' },
  },
  {
    message: 'mm: fakemove: add the FAKEMOVE_IOC_MOVE ioctl\n\nExpose page moving to user space through a new ioctl.\n\nSigned-off-by: ' + AUTHOR,
    files: { 'include/uapi/linux/fakemove.h': src('fakemove.h'), 'mm/fakemove.c': src('fakemove-v2.c') + src('fakemove-ioctl.c') },
  },
  {
    message: 'selftests/mm: add a fakemove test\n\nMove one page with FAKEMOVE_IOC_MOVE and check its contents, and document\nthe ioctl.\n\nSigned-off-by: ' + AUTHOR,
    files: { 'tools/testing/selftests/mm/fakemove.c': src('selftest.c'), 'Documentation/mm/fakemove.rst': src('doc.rst') },
  },
], { title: 'mm: fakemove: move anonymous pages between addresses', blurb: 'This series adds fakemove, a synthetic page-moving interface made up for\nmm-review\'s examples.\n\nChanges since v1:\n- flush the cache before clearing the source PTE (Ada Reviewer)\n- drop the cross-mm path, moves stay within one mm (Bram Maintainer)\n- refuse folios that are not PageAnonExclusive\n- add a selftest and documentation (Ada Reviewer)' });

const ids = {
  v1: ['fakemove-v1-0@example.com', 'fakemove-v1-1@example.com', 'fakemove-v1-2@example.com'],
  v2: ['fakemove-v2-0@example.com', 'fakemove-v2-1@example.com', 'fakemove-v2-2@example.com', 'fakemove-v2-3@example.com'],
};
const subjectOf = (mail) => /^Subject: (.*(?:\n[ \t].*)*)/m.exec(mail)[1].replace(/\n[ \t]+/g, ' ');
const bodyOf = (mail) => mail.slice(mail.indexOf('\n\n') + 2);
const lineOf = (mail, needle) => bodyOf(mail).split('\n').find((l) => l.includes(needle));

const out = [];
v1.forEach((m, i) => out.push(envelope(m, { id: ids.v1[i], date: `Mon, 2 Feb 2026 09:0${i}:00 +0000`, inReplyTo: i ? ids.v1[0] : null })));
const p1 = v1[1];
out.push(reply({
  id: 'ada-v1-1@example.org', from: 'Ada Reviewer <ada@example.org>', date: 'Mon, 2 Feb 2026 14:10:00 +0000',
  subject: subjectOf(p1), parent: ids.v1[1], refs: [ids.v1[0]],
  body: `On Mon, Feb 02, 2026 at 09:01:00AM +0000, Cleo Author wrote:\n${quote(lineOf(p1, 'folio_lock(folio);'))}\n${quote(lineOf(p1, 'ptep_get_and_clear('))}\n\nDon't you need flush_cache_range() on the source range before clearing the\nPTE? Architectures with virtually indexed caches can keep dirty lines for\nthe old address otherwise.\n\n${quote(lineOf(p1, 'folio_move_anon_rmap('))}\n\nWhat happens if the folio is pinned for DMA here? Please check\nfolio_maybe_dma_pinned() before moving it, and recheck after the clear.\n\nThanks,\nAda`,
}));
out.push(reply({
  id: 'bram-v1-1@example.org', from: 'Bram Maintainer <bram@example.org>', date: 'Mon, 2 Feb 2026 16:30:00 +0000',
  subject: subjectOf(p1), parent: ids.v1[1], refs: [ids.v1[0]],
  body: `On Mon, Feb 02, 2026 at 09:01:00AM +0000, Cleo Author wrote:\n${quote(lineOf(p1, 'if (dst_mm != src_mm) {'))}\n${quote(lineOf(p1, 'add_mm_counter(dst_mm'))}\n\nIs this cross-mm path used by anyone? Nothing in the series exercises it,\nand the memcg charge does not follow the page to the other mm. I'd rather\ndrop it until there is a user.\n\nBram`,
}));
out.push(reply({
  id: 'cleo-v1-1-ack@example.com', from: AUTHOR, date: 'Mon, 2 Feb 2026 18:00:00 +0000',
  subject: subjectOf(p1), parent: 'ada-v1-1@example.org', refs: [ids.v1[0], ids.v1[1]],
  body: `On Mon, Feb 02, 2026 at 02:10:00PM +0000, Ada Reviewer wrote:\n> Don't you need flush_cache_range() on the source range before clearing the\n> PTE? Architectures with virtually indexed caches can keep dirty lines for\n> the old address otherwise.\n\nGood point, will add it in v2.\n\nCleo`,
}));
const p2 = v1[2];
out.push(reply({
  id: 'ada-v1-2@example.org', from: 'Ada Reviewer <ada@example.org>', date: 'Tue, 3 Feb 2026 08:15:00 +0000',
  subject: subjectOf(p2), parent: ids.v1[2], refs: [ids.v1[0]],
  body: `On Mon, Feb 02, 2026 at 09:02:00AM +0000, Cleo Author wrote:\n${quote(lineOf(p2, '#define FAKEMOVE_IOC_MOVE'))}\n\nPlease add a selftest under tools/testing/selftests/mm and document the\nnew ioctl in the same series.\n\nAda`,
}));
v2.forEach((m, i) => out.push(envelope(m, { id: ids.v2[i], date: `Mon, 16 Feb 2026 09:0${i}:00 +0000`, inReplyTo: i ? ids.v2[0] : null })));
out.push(reply({
  id: 'bram-v2-0@example.org', from: 'Bram Maintainer <bram@example.org>', date: 'Tue, 17 Feb 2026 10:00:00 +0000',
  subject: subjectOf(v2[0]), parent: ids.v2[0], refs: [],
  body: `On Mon, Feb 16, 2026 at 09:00:00AM +0000, Cleo Author wrote:\n> - drop the cross-mm path, moves stay within one mm (Bram Maintainer)\n\nThanks, that addresses my concern.\n\nAcked-by: Bram Maintainer <bram@example.org>`,
}));

writeFileSync(join(here, 'fakemove.mbox'), out.map((m) => (m.endsWith('\n') ? m : m + '\n')).join('\n'));
console.log(`wrote examples/fakemove.mbox (${out.length} messages)`);
