// An officer finds a closed case again: by the caller's phone number written any way, and
// by words of its answer; the result opens the case at its receipt number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, axe } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a closed case is found by phone number and by its answer, and opens by receipt number', async () => {
  const file = async (content, phone) => (await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'complaint', channel: 'kiosk', facility: 'railbike', content, phone, consent: { sms: true } }),
  })).json();
  const closed = await file('레일바이크 좌석이 찢어져 있습니다 교체 바랍니다', '010-2468-1357');
  const open = await file('매표소 안내 방송이 너무 작게 들립니다', '010-1111-2222');

  const page = await newPage(browser);
  await login(page, server.url);
  const r = await page.request.post(`${server.url}/api/v1/cases/${closed.id}/answer`, {
    data: { result: '좌석 커버를 새것으로 교체했습니다', basis: '시설 점검 규정', appeal: '30일 이내 이의신청' },
  });
  assert.equal(r.status(), 200);

  // The menu leads there.
  await page.goto(`${server.url}/queue`);
  await hydrated(page);
  await page.click('nav a[href="/cases"]');
  await page.waitForURL(/\/cases$/);
  await hydrated(page);
  await page.waitForSelector('#search-total');
  assert.match(await page.textContent('#search-total'), /2건/);

  // The caller gives the number without dashes; the closed case is the one.
  await page.fill('#search-contact', '01024681357');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("1건")');
  const row = page.locator('.search-row');
  assert.equal(await row.count(), 1);
  assert.equal(await row.getAttribute('data-receipt'), closed.receipt_no);
  assert.equal(await row.getAttribute('data-status'), 'closed');

  // Words of the answer find it too; a wrong number is named.
  await page.fill('#search-contact', '');
  await page.fill('#search-q', '커버를 새것');
  await page.click('#search-submit');
  await page.waitForSelector(`.search-row[data-receipt="${closed.receipt_no}"]`);
  assert.equal(await page.locator('.search-row').count(), 1);
  await page.fill('#search-receipt', '2026-1');
  await page.click('#search-submit');
  await page.waitForSelector('#search-receipt[aria-invalid="true"]');
  assert.match(await page.textContent('#search-receipt-error'), /접수번호/);
  assert.equal(await page.inputValue('#search-q'), '커버를 새것', 'nothing typed is lost');
  await axe(page, 'case search');

  // The receipt number opens the case.
  await page.fill('#search-receipt', '');
  await page.click('#search-submit');
  await page.click(`.search-row[data-receipt="${closed.receipt_no}"] a`);
  await page.waitForURL(new RegExp(`/cases/${closed.receipt_no}$`));
  await hydrated(page);
  await page.waitForSelector('main.case h1');
  assert.match(await page.textContent('main.case'), new RegExp(closed.receipt_no));
  assert.ok(open.receipt_no);
  assert.deepEqual(page.errors, []);
});
