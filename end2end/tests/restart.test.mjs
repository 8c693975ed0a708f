// The open queue survives a server restart: its event stream reconnects by itself and it
// catches up on what was filed while it was away.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, login } from './support.mjs';

let server, browser;
after(async () => { await browser?.close(); await server?.stop(); });

async function file(base, content) {
  const r = await fetch(`${base}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'inquiry', channel: 'mobile', content }),
  });
  assert.equal(r.status, 201);
  return (await r.json()).receipt_no;
}

test('the queue reconnects after a restart and misses nothing', async () => {
  server = await startServer();
  browser = await launch();
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  await page.waitForSelector('.live.on');
  await page.evaluate(() => { window.__not_reloaded = true; });

  // SIGTERM: the server ends the stream and stops; the page notices.
  assert.equal(await server.stop(), 0, 'clean exit on SIGTERM');
  await page.waitForSelector('.live:not(.on)');

  // Same address, same database; a case is filed before the page is back.
  server = await startServer({}, { dir: server.dir, addr: base.replace('http://', '') });
  const missed = await file(base, '재시작 중에 접수된 문의입니다');
  await page.waitForSelector(`tr[data-receipt="${missed}"]`, { timeout: 20000 });
  await page.waitForSelector('.live.on');
  const live = await file(base, '재연결 뒤에 접수된 문의입니다');
  await page.waitForSelector(`tr[data-receipt="${live}"]`, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__not_reloaded), true, 'no page reload');
  // Errors the browser logs while the server is down are expected; nothing else.
  assert.deepEqual(page.errors.filter((e) => !/EventSource|ERR_CONNECTION_REFUSED|net::|Failed to fetch|NetworkError/i.test(e)), []);
});
