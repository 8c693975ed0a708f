// A kiosk whose answer is lost on the way back (the server made the case, the tablet never
// heard): the kiosk says it has not been received yet, resends by itself, and shows the
// receipt; there is one case, because the resend carries the same Idempotency-Key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a lost answer is resent by the kiosk itself: one case and its receipt', async () => {
  const base = server.url;
  const kiosk = await newPage(browser);
  await kiosk.goto(`${base}/kiosk`);
  await hydrated(kiosk);
  await kiosk.click('[data-kind="complaint"]');
  await kiosk.click('[data-facility="railbike"]');
  await kiosk.fill('#content', '철로자전거 2번 좌석 안전벨트가 풀려 있습니다.');
  await kiosk.click('#to-contact');

  // The first POST reaches the server, but its answer is dropped.
  const keys = [];
  let first = true;
  await kiosk.route('**/api/v1/cases', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    const response = await route.fetch();
    if (first) {
      first = false;
      assert.equal(response.status(), 201, 'the server made the case');
      await route.abort('connectionreset');
    } else {
      await route.fulfill({ response });
    }
  });
  await kiosk.click('#submit');
  // The kiosk says honestly that it has not been received yet and resends by itself.
  await kiosk.waitForSelector('#send-status:has-text("아직 접수되지 않았습니다")');
  assert.match(await kiosk.textContent('#send-status'), /시도 횟수: 2/);
  assert.equal(await kiosk.inputValue('#name'), '', 'still on the contact screen');
  const receiptNo = (await kiosk.textContent('#receipt-no', { timeout: 15000 })).trim();
  assert.match(receiptNo, /^VOC-\d{4}-\d{6}$/);
  assert.equal(keys.length, 2);
  assert.ok(keys[0] && keys[0] === keys[1], `the retry carries the same key: ${keys}`);

  const login = await call(base, '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const admin = login.headers.get('set-cookie').split(';')[0];
  const queue = await call(base, '/api/v1/queue', undefined, admin);
  assert.deepEqual(queue.body.items.map((c) => c.receipt_no), [receiptNo], 'one case, the one on the receipt');
  assert.deepEqual(kiosk.errors.filter((e) => !/net::ERR|Failed to fetch/.test(e)), []);
});
