// The live queue with hundreds of open cases (10,000 in scripts/queue-bench): one page of one
// view at a time, counted per view; views, pages and words are the server's; a pushed change
// lands on the row shown and the counts follow without the page being fetched again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer, launch, newPage, login, axe, api, nextBusinessMorning, ADMIN_PASSWORD } from './support.mjs';

const OPEN = 400;
let server;
let browser;

before(async () => {
  // The server makes its administrator on the empty database; the cases come in beside it.
  const dir = mkdtempSync(join(tmpdir(), 'voc-queue-'));
  server = await startServer({}, { dir });
  const day = (ago) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
  const bin = process.env.VOC_SERVER_BIN ?? join(ROOT, 'target', 'debug', 'server');
  execFileSync(bin, ['gen-cases', '--db', `sqlite:${join(dir, 'voc.db')}`, '--count', String(OPEN), '--open',
    '--from', day(20), '--to', day(0)], { env: { PATH: process.env.PATH, RUST_LOG: 'warn' } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const rows = (page) => page.locator('tr.queue-row');
const count = (page, view) => page.textContent(`[data-count="${view}"]`).then(Number);

test('hundreds of open cases: a page of one view, counted, paged, searched, and live', async () => {
  const page = await newPage(browser);
  // The browser believes it is the next business day, 10:00 in Seoul, so that the countdowns run
  // whatever the hour of the test.
  await page.clock.install({ time: await nextBusinessMorning(server.url) });
  // Every request for a page of the queue (not the counts alone).
  const pageFetches = [];
  page.on('request', (r) => { if (/\/api\/v1\/queue(\?|$)/.test(r.url())) pageFetches.push(r.url()); });
  await login(page, server.url);
  await page.waitForSelector('.live.on', { timeout: 15000 });
  await page.evaluate(() => { window.__not_reloaded = true; });

  // Fifty rows of four hundred; every view counted.
  await page.waitForFunction((n) => document.querySelector('[data-count="all"]')?.textContent === String(n), OPEN);
  assert.equal(await rows(page).count(), 50);
  assert.match(await page.textContent('#queue-count'), new RegExp(`미결 ${OPEN}건 · 전체 ${OPEN}건 중 1–50번째`));
  const paused = await count(page, 'paused');
  const overdue = await count(page, 'overdue');
  assert.ok(paused > 0 && overdue > 0, `paused ${paused}, overdue ${overdue}`);
  assert.equal(await count(page, 'mine'), 0, 'the administrator handles none of them');
  // In queue order: the overdue ones first.
  assert.equal(await rows(page).first().evaluate((tr) => tr.classList.contains('overdue')), true);
  // The countdowns tick.
  const clock = await rows(page).first().locator('.countdown').textContent();
  await page.waitForFunction((before) => document.querySelector('tr.queue-row .countdown')?.textContent !== before, clock);

  // A view: only its cases, its count.
  await page.click('[data-view="paused"]');
  await page.waitForFunction(() => [...document.querySelectorAll('tr.queue-row')].every((r) => r.classList.contains('paused')));
  assert.match(await page.textContent('#queue-count'), new RegExp(`처리 중지 ${paused}건 중`));
  await page.click('[data-view="all"]');
  await page.waitForFunction(() => !document.querySelector('tr.queue-row.paused') || document.querySelectorAll('tr.queue-row').length === 50);

  // Pages: the next fifty, then two hundred on one page.
  const firstPage = await rows(page).evaluateAll((trs) => trs.map((r) => r.dataset.receipt));
  await page.click('#queue-next');
  await page.waitForSelector(`#queue-page:has-text("2 / ${Math.ceil(OPEN / 50)}")`);
  await page.waitForFunction((first) => !first.includes(document.querySelector('tr.queue-row')?.dataset.receipt), firstPage);
  const secondPage = await rows(page).evaluateAll((trs) => trs.map((r) => r.dataset.receipt));
  assert.equal(secondPage.filter((no) => firstPage.includes(no)).length, 0, 'no row twice');
  await page.selectOption('#queue-per-page', '200');
  await page.waitForFunction(() => document.querySelectorAll('tr.queue-row').length === 200);
  assert.match(await page.textContent('#queue-page'), /^1 \/ 2$/);
  await page.selectOption('#queue-per-page', '50');
  await page.waitForFunction(() => document.querySelectorAll('tr.queue-row').length === 50);

  // Words: a receipt number from the second page finds that case alone.
  await page.fill('#queue-search', secondPage[7]);
  await page.waitForFunction((no) => {
    const shown = [...document.querySelectorAll('tr.queue-row')];
    return shown.length === 1 && shown[0].dataset.receipt === no;
  }, secondPage[7]);
  await page.fill('#queue-search', '');
  await page.waitForFunction(() => document.querySelectorAll('tr.queue-row').length === 50);
  await axe(page, 'the queue with hundreds of cases');

  // Pushed changes: a shown case paused elsewhere changes in place; a new case is counted.
  const fetchesBefore = pageFetches.length;
  const admin = (await api(server.url, '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD })).headers
    .get('set-cookie').split(';')[0];
  const shown = await page.locator('tr.queue-row:not(.paused)').first().getAttribute('data-receipt');
  const found = await api(server.url, `/api/v1/queue?q=${shown}`, undefined, admin);
  const id = found.body.items[0].id;
  const r = await api(server.url, `/api/v1/cases/${id}/pause`, { reason: 'investigation', note: '현장 확인' }, admin);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.waitForSelector(`tr.queue-row.paused[data-receipt="${shown}"]`);
  assert.match(await page.locator(`tr[data-receipt="${shown}"] .countdown`).textContent(), /일시정지\(조사·검토\)|일시정지\(/);
  await page.waitForFunction((n) => document.querySelector('[data-count="paused"]')?.textContent === String(n), paused + 1);
  const filed = await api(server.url, '/api/v1/cases', { kind: 'inquiry', channel: 'mobile', content: '새로 들어온 문의가 세어지는지 확인합니다' });
  assert.equal(filed.status, 201);
  await page.waitForFunction((n) => document.querySelector('[data-count="all"]')?.textContent === String(n), OPEN + 1);
  assert.equal(pageFetches.length, fetchesBefore, `no page fetched again: ${pageFetches.slice(fetchesBefore).join(', ')}`);
  assert.equal(await page.evaluate(() => window.__not_reloaded), true);
  assert.deepEqual(page.errors, []);
});
