// The VOC manager's period report: totals, a table with its chart per dimension, CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('this month\'s report counts what was filed and answered, with charts beside tables', async () => {
  const file = async (kind, facility) => (await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind, channel: 'kiosk', facility, content: '보고서 시험용 민원입니다' }),
  })).json();
  const a = await file('complaint', 'railbike');
  await file('inquiry', 'maze');
  await file('complaint', 'railbike');

  const page = await newPage(browser);
  await login(page, server.url);
  const r = await page.request.post(`${server.url}/api/v1/cases/${a.id}/answer`, {
    data: { result: '정비했습니다', basis: '시설 점검 규정', appeal: '30일 이내 이의신청' },
  });
  assert.equal(r.status(), 200);

  await page.goto(`${server.url}/reports`);
  await hydrated(page);
  await page.waitForSelector('#report-cards');
  const cards = await page.textContent('#report-cards');
  assert.match(cards, /접수\s*3/);
  assert.match(cards, /처리\s*1/);
  assert.match(cards, /미처리\s*2/);
  assert.match(await page.textContent('#by_kind'), /불만\s*2\s*1\s*1/);
  assert.match(await page.textContent('#by_facility'), /철로자전거\s*2/);
  assert.match(await page.textContent('#by_department'), /관광사업팀\s*2/);
  // Each chart names itself and its table says the same numbers.
  const chart = page.locator('.report-table svg[role=img]').first();
  assert.match(await chart.locator('title').textContent(), /막대그래프/);
  const csv = await page.getAttribute('#report-csv', 'href');
  const body = await (await page.request.get(`${server.url}${csv}`)).text();
  assert.match(body, /유형별,불만,complaint,2,1,1/);
  // Each button downloads its file instead of the page router showing "page not found".
  for (const [id, name] of [['#report-csv', /\.csv$/], ['#report-xlsx', /\.xlsx$/], ['#cases-csv', /\.csv$/], ['#cases-xlsx', /\.xlsx$/]]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    assert.match(download.suggestedFilename(), name, id);
    assert.equal(await download.failure(), null, id);
  }
  assert.equal(await page.locator('#report-cards').count(), 1, 'still on the report page');

  await page.click('#period-year');
  await page.waitForSelector('#report-period:has-text("12-31")');
  assert.deepEqual(page.errors, []);
});
