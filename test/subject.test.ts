import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseSubject } from '../src/ingest/subject.ts';

function pick(subject: string) {
  const s = parseSubject(subject);
  return { title: s.title, reply: s.isReply, patch: s.isPatch, rfc: s.isRfc, v: s.version, vx: s.versionExplicit, i: s.index, n: s.total };
}

describe('parseSubject', () => {
  test('plain patch tags', () => {
    assert.deepEqual(pick('[PATCH] mm: fix a leak'), { title: 'mm: fix a leak', reply: false, patch: true, rfc: false, v: 1, vx: false, i: null, n: null });
    assert.deepEqual(pick('[PATCH v3 2/7] mm/slab: tidy   up'), { title: 'mm/slab: tidy up', reply: false, patch: true, rfc: false, v: 3, vx: true, i: 2, n: 7 });
    assert.deepEqual(pick('[PATCH 0/4] mm: cover'), { title: 'mm: cover', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 0, n: 4 });
  });

  test('reply markers in several languages and with counters', () => {
    for (const s of ['Re: [PATCH 1/2] x', 'RE: [PATCH 1/2] x', 'Aw: [PATCH 1/2] x', 'Fwd: [PATCH 1/2] x', 'Re[2]: [PATCH 1/2] x', 'Re: Re: [PATCH 1/2] x', 'SV: [PATCH 1/2] x']) {
      const p = parseSubject(s);
      assert.equal(p.isReply, true, s);
      assert.equal(p.isPatch, true, s);
      assert.equal(p.index, 1, s);
      assert.equal(p.title, 'x', s);
    }
    assert.equal(parseSubject('[PATCH] re: fix something').isReply, false);
    assert.equal(parseSubject('Revert "mm: foo"').isReply, false);
    assert.equal(parseSubject('[PATCH] tr: handle ranges').title, 'tr: handle ranges');
  });

  test('RFC variants', () => {
    assert.deepEqual(pick('[RFC PATCH v2 3/7] mm: idea'), { title: 'mm: idea', reply: false, patch: true, rfc: true, v: 2, vx: true, i: 3, n: 7 });
    const a = parseSubject('[PATCH RFC] mm: idea');
    assert.equal(a.isRfc, true);
    assert.equal(a.isPatch, true);
    const b = parseSubject('[RFC] mm: should we do this?');
    assert.equal(b.isRfc, true);
    assert.equal(b.isPatch, true);
    assert.equal(b.title, 'mm: should we do this?');
    assert.equal(parseSubject('[RFCv2 1/3] mm: idea').version, 2);
  });

  test('glued and unusual version and number forms', () => {
    assert.deepEqual(pick('[PATCHv3] mm: a'), { title: 'mm: a', reply: false, patch: true, rfc: false, v: 3, vx: true, i: null, n: null });
    assert.deepEqual(pick('[PATCH1/8] mm: a'), { title: 'mm: a', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 1, n: 8 });
    assert.deepEqual(pick('[PATCH 1/8 v2] mm: a'), { title: 'mm: a', reply: false, patch: true, rfc: false, v: 2, vx: true, i: 1, n: 8 });
    assert.deepEqual(pick('[PATCH V2 4/4] mm: a'), { title: 'mm: a', reply: false, patch: true, rfc: false, v: 2, vx: true, i: 4, n: 4 });
    assert.deepEqual(pick('[PATCH 01/12] mm: a'), { title: 'mm: a', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 1, n: 12 });
    assert.deepEqual(pick('[PATCH 3/2] mm: extra'), { title: 'mm: extra', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 3, n: 2 });
  });

  test('comma-joined and subsystem prefixes', () => {
    const a = parseSubject('[net,v2,1/2] net: fix a thing');
    assert.equal(a.isPatch, true);
    assert.equal(a.version, 2);
    assert.equal(a.index, 1);
    assert.equal(a.total, 2);
    assert.deepEqual(a.prefixes, ['net']);
    const b = parseSubject('[PATCH net-next v3 0/4] net: ground work (v3)');
    assert.equal(b.version, 3);
    assert.equal(b.index, 0);
    assert.deepEqual(b.prefixes, ['net-next']);
    assert.equal(b.title, 'net: ground work');
    const c = parseSubject('[PATCH mm-unstable v2] mm: tweak');
    assert.deepEqual(c.prefixes, ['mm-unstable']);
    assert.equal(c.version, 2);
    assert.deepEqual(parseSubject('[PATCH -next] mm: tweak').prefixes, ['-next']);
  });

  test('mercurial "M of N"', () => {
    assert.deepEqual(pick('[PATCH 0 of 2] Sample patches'), { title: 'Sample patches', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 0, n: 2 });
    assert.deepEqual(pick('[PATCH 2 of 2] second'), { title: 'second', reply: false, patch: true, rfc: false, v: 1, vx: false, i: 2, n: 2 });
  });

  test('trailing colon, trailing (vN), several groups, RESEND', () => {
    assert.equal(parseSubject('[Patch 2/2]: powerpc: fix').title, 'powerpc: fix');
    assert.equal(parseSubject('[Patch 2/2]: powerpc: fix').index, 2);
    const t = parseSubject('[PATCH 1/3] mm: thing (v4)');
    assert.equal(t.version, 4);
    assert.equal(t.versionExplicit, true);
    assert.equal(t.title, 'mm: thing');
    assert.equal(t.versionFromSuffix, true);
    assert.equal(parseSubject('[PATCH v2 1/3] mm: thing (v4)').version, 2);
    assert.equal(parseSubject('[PATCH v2 1/3] mm: thing (v4)').versionFromSuffix, false);
    const g = parseSubject('[PATCH] [mm] page_alloc: hint');
    assert.equal(g.isPatch, true);
    assert.deepEqual(g.prefixes, ['mm']);
    assert.equal(g.title, 'page_alloc: hint');
    const r = parseSubject('[PATCH v2 RESEND 1/3] mm: again');
    assert.equal(r.version, 2);
    assert.equal(r.index, 1);
    assert.deepEqual(r.prefixes, ['RESEND']);
    assert.equal(parseSubject('[PATCH v2.1 3/7] mm: point release').version, 2);
  });

  test('folded whitespace is normalised', () => {
    assert.equal(parseSubject('  [PATCH 2/4]   mm: two\n\t lines ').title, 'mm: two lines');
  });

  test('non-patch subjects', () => {
    const pull = parseSubject('[GIT PULL] mm fixes for 6.9');
    assert.equal(pull.isPatch, false);
    assert.equal(pull.title, 'mm fixes for 6.9');
    const plain = parseSubject('widget corrupts data');
    assert.equal(plain.isPatch, false);
    assert.equal(plain.title, 'widget corrupts data');
    assert.equal(plain.index, null);
    const topic = parseSubject('[LSF/MM/BPF TOPIC] memory tiering');
    assert.equal(topic.isPatch, false);
    const was = parseSubject('potential conflict [was: Re: [PATCH v2 2/3] mm: x]');
    assert.equal(was.isPatch, false);
    assert.equal(was.isReply, false);
    assert.equal(was.version, 1);
    assert.equal(parseSubject('mm: comment (v2)').version, 1);
    assert.equal(parseSubject('').title, '');
  });
});
