// Nothing a visitor does before the page is interactive is lost. On a phone with a slow
// network and CPU (Lighthouse's mobile throttling: 1.6 Mbps, 150 ms, 4× CPU) and the WASM held
// back until the visitor is done, they choose a kind, type, give a number, tick a consent and
// press 접수하기; the page neither reloads nor forgets, and once the bundle arrives the case is
// filed with exactly that — once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  const login = await call(server.url, '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  admin = login.headers.get('set-cookie').split(';')[0];
});
after(async () => { await browser?.close(); await server?.stop(); });

test('what is typed and sent before hydration is kept and filed once the page is ready', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const filings = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/cases')) filings.push(r.url()); });

  await page.goto(`${server.url}/`, { waitUntil: 'domcontentloaded' });
  assert.equal(await page.getAttribute('body', 'data-hydrated'), null, 'the bundle is still on its way');
  const content = '매표소 앞 경사로에 난간이 없어 휠체어로 오르기 어렵습니다. 설치를 건의합니다.';
  await page.check('#kind-suggestion');
  await page.fill('#content', content);
  await page.fill('#name', '박건의');
  await page.fill('#phone', '010-5555-6666');
  await page.check('#consent-sms');
  await page.click('#submit');
  // Held, not sent as a plain request: same page, nothing cleared.
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).search, '', 'no reload with the form in the address');
  assert.equal(await page.inputValue('#content'), content);
  assert.equal(filings.length, 0);

  release();
  const receipt = (await page.textContent('#receipt-no', { timeout: 60000 })).trim();
  assert.match(receipt, /^VOC-\d{4}-\d{6}$/);
  assert.equal(filings.length, 1, 'sent once');

  const queue = await call(server.url, '/api/v1/queue?per_page=200', undefined, admin);
  const item = queue.body.items.find((c) => c.receipt_no === receipt);
  const filed = (await call(server.url, `/api/v1/cases/${item.id}`, undefined, admin)).body;
  assert.equal(filed.kind, 'suggestion');
  assert.equal(filed.content, content);
  assert.equal(filed.phone_masked, '010-****-6666');
  assert.deepEqual(filed.consent, { sms: true, email: false, publish: false });
  assert.equal(filed.channel, 'mobile');
  assert.deepEqual(page.errors, []);
});
