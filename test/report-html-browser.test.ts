// The HTML report in a real browser: findings sit right under their lines, the filters work,
// the inline CSS/JS pass the page's CSP, and hostile mail text never runs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { renderHtml } from '../src/report/html.ts';
import { HOSTILE_SCRIPT, LINE_CALL, LINE_CLEAR, LINE_SET, buildReport } from './helpers/report-fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

describe('html report in chromium', { skip: haveChromium ? false : `${CHROMIUM} not found; install chromium to run the browser test` }, () => {
  let context: BrowserContext;
  let dir: string;
  const dialogs: string[] = [];

  before(async () => {
    const { chromium } = await import('playwright-core');
    dir = mkdtempSync(join(tmpdir(), 'mmr-browser-'));
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 1600 },
    });
  });

  after(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, hostile: boolean): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, renderHtml(buildReport({ hostile })));
    const page = await context.newPage();
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(pathToFileURL(file).href);
    return page;
  }

  async function box(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const b = await page.locator(selector).boundingBox();
    assert.ok(b, `${selector} has no box (not visible?)`);
    return b;
  }

  test('each finding is drawn directly below its diff line', async () => {
    const page = await open('report.html', false);
    const cases: Array<[string, number]> = [
      ['mm.tlb.flush-after-clear', LINE_CLEAR], ['mm.flush.cache-before-pte-move', LINE_SET], ['mm.locking.ptl', LINE_CALL],
    ];
    for (const [rule, line] of cases) {
      const lineBox = await box(page, `#s2-p1 tr.line[data-file="mm/fakemove.c"][data-new-line="${line}"]`);
      const findingBox = await box(page, `#s2-p1 tr.finding[data-rule="${rule}"]`);
      const gap = findingBox.y - (lineBox.y + lineBox.height);
      assert.ok(gap >= -1 && gap <= 2, `${rule}: finding starts ${gap}px below line ${line}`);
      assert.ok(Math.abs(findingBox.x - lineBox.x) <= 1, `${rule}: finding aligned with its line`);
      assert.ok(await page.locator(`#s2-p1 tr.finding[data-rule="${rule}"]`).isVisible());
    }
    const flagged = await page.locator('#s2-p1 tr.line.flagged').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-new-line')));
    assert.deepEqual(flagged, [String(LINE_CLEAR), String(LINE_SET), String(LINE_CALL)]);
    // The stylesheet passed the CSP hash: added lines got their background.
    const bg = await page.locator('#s2-p1 tr.line.add td.code').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bg, 'rgb(230, 255, 236)');
    await page.locator('#s2-p1 .file').first().screenshot({ path: '/tmp/mmr-report.png' });
    await page.close();
  });

  test('severity and category filters hide and show findings', async () => {
    const page = await open('filters.html', false);
    const warning = page.locator('[data-finding][data-severity="warning"]');
    const error = page.locator('[data-finding][data-severity="error"]');
    assert.equal(await warning.count(), 2);
    assert.equal(await page.locator('#filter-count').textContent(), '5 of 5 findings shown');
    await page.locator('input[name="severity"][value="warning"]').uncheck();
    for (const el of await warning.all()) assert.equal(await el.isVisible(), false);
    assert.equal(await error.isVisible(), true);
    assert.equal(await page.locator('#filter-count').textContent(), '3 of 5 findings shown');
    await page.locator('input[name="severity"][value="warning"]').check();
    for (const el of await warning.all()) assert.equal(await el.isVisible(), true);
    await page.locator('select[name="category"]').selectOption('tlb-flush');
    assert.equal(await error.isVisible(), true);
    for (const el of await warning.all()) assert.equal(await el.isVisible(), false);
    assert.equal(await page.locator('[data-finding][data-severity="info"]').first().isVisible(), false);
    assert.equal(await page.locator('#filter-count').textContent(), '1 of 5 findings shown');
    await page.close();
  });

  test('markup from mail shows as text and never runs', async () => {
    const page = await open('hostile.html', true);
    await page.locator('details.commit-message summary').first().click();
    const message = await page.locator('#s2-p1 details.commit-message pre').textContent();
    assert.ok(message?.includes(HOSTILE_SCRIPT), 'the script tag is shown as text');
    assert.ok(message?.includes('<img src=x onerror='), 'the img tag is shown as text');
    const sourceLine = await page.locator('#s2-p1 tr.line[data-new-line="3"] td.code').textContent();
    assert.match(sourceLine ?? '', /<img src=x onerror=/);
    assert.equal(await page.locator('h2').nth(1).textContent(), '[x](javascript:alert(1)) @torvalds <b> v2');
    assert.equal(await page.locator('main img, main b, main script').count(), 0);
    assert.equal(await page.locator('script').count(), 1);
    // A script injected after load is refused by the CSP (its hash is not allowed).
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "late"';
      document.body.appendChild(s);
    });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(dialogs, []);
    await page.close();
  });
});
