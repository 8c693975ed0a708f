// The complainant changes or withdraws an open case from the tracking page, on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('amend, then withdraw after confirming; the case stays on record', async () => {
  const r = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'suggestion', channel: 'mobile', content: '캠핑장에 그늘막을 더 설치해 주세요' }),
  });
  const c = await r.json();
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('#amend-content');

  await phone.fill('#amend-content', '짧음');
  await phone.click('#amend');
  await phone.waitForSelector('#content-error:has-text("5자 이상")');
  await phone.fill('#amend-content', '캠핑장 A구역에 그늘막을 세 개 더 설치해 주세요');
  await phone.click('#amend');
  await phone.waitForSelector('.content:has-text("A구역에 그늘막을 세 개")');

  await phone.click('#withdraw');
  await phone.waitForSelector('#withdraw:has-text("정말 취하합니다")');
  assert.match(await phone.textContent('#track-status'), /접수/, 'one tap does not withdraw');
  await phone.click('#withdraw');
  await phone.waitForSelector('#track-status:has-text("취하")');
  assert.match(await phone.textContent('#closure-reason'), /민원인이 취하했습니다/);
  assert.equal(await phone.locator('#withdraw').count(), 0, 'nothing more to change');
  assert.deepEqual(phone.errors, []);
});
