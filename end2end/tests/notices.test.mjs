// Notices on the case page and in administration, delivered to a real SMTP server
// (server/tests/support/smtp_sink.py on Debian's aiosmtpd).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, newPage, hydrated, login, axe, ROOT } from './support.mjs';

let server, browser, sink;
const mailDir = mkdtempSync(join(tmpdir(), 'voc-mail-'));

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

function mails() {
  return readdirSync(mailDir).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort().map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')));
}

before(async () => {
  const port = await freePort();
  sink = spawn('/usr/bin/python3', [join(ROOT, 'server/tests/support/smtp_sink.py'), '--port', String(port), '--dir', mailDir],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    sink.stdout.once('data', (d) => (String(d).includes('ready') ? ok() : fail(new Error(String(d)))));
    sink.once('exit', (code) => fail(new Error(`SMTP sink exited ${code}`)));
  });
  server = await startServer({ VOC_SMTP_URL: `smtp://127.0.0.1:${port}`, VOC_OUTBOX_POLL_MS: '100' });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.stop(); sink?.kill(); });

test('the case page shows each notice and its delivery, says what cannot go; the interim form sends one the complainant reads', async () => {
  const r = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'complaint', channel: 'mobile', facility: 'railbike', name: '홍길동',
      content: '레일바이크 안전벨트가 헐겁습니다', email: 'hong@example.com', phone: '010-2345-6789',
      consent: { email: true, sms: true } }),
  });
  const c = await r.json();
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.waitForSelector('#notices tr:has-text("접수 안내")');
  // Delivered in the background; a reload shows it sent.
  for (let i = 0; i < 50 && !(await page.locator('#notices tr:has-text("발송 완료")').count()); i++) {
    await page.waitForTimeout(200);
    await page.reload();
    await hydrated(page);
    await page.waitForSelector('#notices');
  }
  assert.match(await page.textContent('#notices'), /접수 안내.*이메일.*발송 완료/s);
  assert.match(await page.textContent('#case-consent'), /이메일 동의.*안내문 2026-11-v1/);
  // This server has no SMS gateway: the text waits, and the page says so plainly.
  await page.waitForSelector('#notices-unsent:has-text("알림 1건은 문자 발송이 설정되지 않아")');
  assert.match(await page.textContent('#notices'), /문자.*발송 대기 \(문자 발송 설정 없음\)/s);

  await page.fill('#interim-reason', '부품');
  await page.click('#interim');
  await page.waitForSelector('#reason-error:has-text("5자 이상")');
  await page.fill('#interim-reason', '안전벨트 부품 교체에 열흘이 걸립니다');
  await page.fill('#interim-date', '2026-12-15');
  await page.click('#interim');
  await page.waitForSelector('#notices tr:has-text("중간 경과 안내")');
  assert.match(await page.textContent('.history'), /중간 경과 안내.*열흘/s);

  for (let i = 0; i < 100 && mails().length < 2; i++) await new Promise((ok) => setTimeout(ok, 100));
  const interim = mails().find((m) => m.notice === 'interim');
  assert.ok(interim, 'the interim mail arrived');
  assert.equal(interim.to, 'hong@example.com');
  assert.match(interim.body, /안전벨트 부품 교체에 열흘이 걸립니다/);
  assert.match(interim.body, /2026-12-15/);
  assert.deepEqual(page.errors, []);

  // The complainant's tracking page: why it is late and by when, and every notice sent to them.
  const track = await newPage(browser, { width: 390, height: 844 });
  await track.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(track);
  await track.waitForSelector('#track-interim:has-text("안전벨트 부품 교체에 열흘이 걸립니다")');
  assert.match(await track.textContent('#track-interim-expected'), /처리 예정일: 2026-12-15/);
  // Marked sent once the mail server took it: a reload shows it.
  const sent = '#track-notices li[data-notice="interim"][data-state="sent"]:has-text("중간 경과 안내 · 이메일")';
  for (let i = 0; i < 50 && !(await track.locator(sent).count()); i++) {
    await track.waitForTimeout(200);
    await track.reload();
    await hydrated(track);
    await track.waitForSelector('#track-notices');
  }
  await track.waitForSelector(sent);
  await track.waitForSelector('#track-notices li[data-notice="receipt"][data-state="pending"]:has-text("문자")');
  assert.doesNotMatch(await track.textContent('#track-notices'), /hong@|2345-6789/);
  await axe(track, 'tracking page with the interim notice');
  assert.deepEqual(track.errors, []);
});

test('an administrator edits a notice; an unknown variable is named before saving', async () => {
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/admin/notices`);
  await hydrated(page);
  await page.waitForSelector('#no-dead');
  // E-mail can leave; text messages cannot, and what waits on them is counted.
  await page.waitForSelector('#channel-email[data-configured="true"]:has-text("발송 가능")');
  await page.waitForSelector('#channel-sms[data-configured="false"]:has-text("문자 발송이 설정되지 않았습니다")');
  assert.match(await page.textContent('#channel-sms'), /VOC_SMS_URL/);
  const form = page.locator('#template-receipt-ko');
  await form.locator('textarea').fill('{name}님, {receipt_no} 접수. 비밀번호 {password}');
  await form.locator('button[type=submit]').click();
  await form.locator('.field-error:has-text("{password}")').waitFor();
  await form.locator('textarea').fill('{name}님, {receipt_no} 접수되었습니다. {tracking_url}');
  await form.locator('button[type=submit]').click();
  await page.waitForSelector('#template-receipt-ko .badge:has-text("수정됨")');

  const r = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'praise', channel: 'mobile', name: '김민지', content: '직원분이 정말 친절했어요',
      email: 'kim@example.com', consent: { email: true } }),
  });
  const c = await r.json();
  for (let i = 0; i < 100 && !mails().some((m) => m.to === 'kim@example.com'); i++) await new Promise((ok) => setTimeout(ok, 100));
  const mail = mails().find((m) => m.to === 'kim@example.com');
  assert.ok(mail, 'the receipt mail arrived');
  assert.match(mail.body, new RegExp(`김민지님, ${c.receipt_no} 접수되었습니다\\. http`));
  assert.deepEqual(page.errors, []);
});
