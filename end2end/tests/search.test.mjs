// An officer finds a closed case again: by the caller's phone number written any way, and
// by words of its answer; the result opens the case at its receipt number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

  // The facility, category and department choosers narrow it: both are the rail bike's, which
  // its rule gives to the tourism department.
  await page.waitForSelector('#search-facility option[value="maze"]', { state: 'attached' });
  await page.selectOption('#search-facility', 'maze');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("0건")');
  await page.selectOption('#search-facility', 'railbike');
  await page.waitForSelector('#search-department option[value="3"]', { state: 'attached' });
  await page.selectOption('#search-department', '3');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("2건")');
  await page.selectOption('#search-department', 'none');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("0건")');
  await page.selectOption('#search-category', 'qna');
  await page.selectOption('#search-department', '');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("0건")');
  await page.selectOption('#search-category', '');
  await page.selectOption('#search-facility', '');

  // The caller gives the number without dashes; the closed case is the one.
  await page.fill('#search-contact', '01024681357');
  await page.click('#search-submit');
  await page.waitForSelector('#search-total:has-text("1건")');
  const row = page.locator('.search-row');
  assert.equal(await row.count(), 1);
  assert.equal(await row.getAttribute('data-receipt'), closed.receipt_no);
  assert.equal(await row.getAttribute('data-status'), 'closed');
  // What was found downloads as it was searched, masked, and the page stays.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#search-csv')]);
  assert.equal(csv.suggestedFilename(), 'voc-search.csv');
  const text = readFileSync(await csv.path(), 'utf8');
  assert.equal(text.trim().split('\n').length, 2, `header and the one case: ${text}`);
  assert.match(text, new RegExp(`${closed.receipt_no}.*010-\\*\\*\\*\\*-1357`));
  assert.doesNotMatch(text, /2468|좌석/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#search-xlsx')]);
  assert.equal(xlsx.suggestedFilename(), 'voc-search.xlsx');
  assert.equal(await xlsx.failure(), null);
  assert.equal(await page.locator('#search-total').count(), 1, 'still on the search page');

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

test("a case shows the complainant's other cases and calls them back on the access log", async () => {
  const file = async (content, phone, email) => (await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'complaint', channel: 'homepage', facility: 'railbike', name: '박재방', content, phone, email,
      consent: { sms: true, email: !!email } }),
  })).json();
  const first = await file('주차장 출구 차단기가 자주 고장납니다', '010-5555-7777', '');
  const again = await file('주차장 출구 차단기가 또 고장났습니다 두 번째입니다', '+82 10 5555 7777', 'park@example.kr');

  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${again.receipt_no}`);
  await hydrated(page);
  // The earlier case of the same number, whatever its writing, and the year's count.
  await page.waitForSelector(`#earlier-cases tr[data-receipt="${first.receipt_no}"]`);
  assert.equal(await page.locator('#earlier-cases tbody tr').count(), 1);
  assert.match(await page.textContent('#complainant-counts'), /접수 2건 \(불만 2, 이 민원 포함\) · 처리 중 2건/);
  assert.match(await page.textContent('#their-cases'), /010-\*\*\*\*-7777, pa\*\*\*@example\.kr/);

  // The contacts are masked until a purpose is given; then shown for a minute, and logged.
  assert.ok(!(await page.textContent('main.case')).includes('5555'), 'masked');
  await page.selectOption('#purpose-pick-case', '');
  await page.click('#reveal-case-send');
  await page.waitForSelector('#purpose-case[aria-invalid="true"]');
  await page.fill('#purpose-case', '차단기 수리 일정 회신');
  await page.click('#reveal-case-send');
  await page.waitForSelector('#contact-case:has-text("박재방 · 010-5555-7777 · park@example.kr")');
  await axe(page, 'case with the complainant history and contacts shown');
  const log = await (await page.request.get(`${server.url}/api/v1/privacy/access-log?user=admin`)).json();
  const entry = log.items.find((e) => e.what === 'case_contact');
  assert.equal(entry.purpose, '차단기 수리 일정 회신');
  assert.equal(entry.receipt_no, again.receipt_no);

  // The earlier case opens from the list, and lists this one.
  await page.click(`#earlier-cases tr[data-receipt="${first.receipt_no}"] a`);
  await page.waitForURL(new RegExp(`/cases/${first.receipt_no}$`));
  await page.waitForSelector(`#earlier-cases tr[data-receipt="${again.receipt_no}"]`);

  // The call is recorded on the case; then the complainant withdraws the first one by phone.
  await hydrated(page);
  await page.fill('#contact-summary', '차단기 교체 일정(다음 주)을 안내함');
  await page.click('#contact-send');
  await page.waitForSelector('#contact-log li[data-outcome="talked"]:has-text("전화 · 통화·면담함: 차단기 교체 일정(다음 주)을 안내함")');
  await page.selectOption('#contact-outcome', 'withdrawal');
  await page.fill('#contact-summary', '두 번째 민원으로 함께 처리해 달라며 취하함');
  await page.click('#contact-send');
  // Their own confirmation is asked for first; what was typed stays.
  await page.waitForSelector('#contact-confirmed-error:has-text("취하 의사를 확인했는지")');
  assert.equal(await page.inputValue('#contact-summary'), '두 번째 민원으로 함께 처리해 달라며 취하함');
  await page.check('#contact-confirmed');
  await page.click('#contact-send');
  await page.waitForSelector('#contact-log li[data-outcome="withdrawal"]');
  await page.waitForSelector('.history:has-text("취하(전화·방문으로 확인)")');
  assert.ok(page.dialogs.some((d) => d.includes('취하로 민원을 종결')), `asked first: ${page.dialogs}`);
  await axe(page, 'case with its contact log');
  assert.deepEqual(page.errors, []);
});
