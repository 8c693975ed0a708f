// The walking skeleton's whole journey, in Korean, in real Chromium against the real server:
// a visitor files on the kiosk, the case appears on an already open officer queue without a
// reload, the officer answers and closes it, and the complainant reads the answer and
// answers the survey — once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('kiosk → live queue → answer → tracking → survey, once', async () => {
  const base = server.url;

  // The officer's queue is open before anything is filed. Its browser believes it is
  // Tuesday 2028-03-07 10:00 (business time), so the clock must tick whatever the real hour.
  const officer = await newPage(browser);
  await officer.clock.install({ time: new Date('2028-03-07T10:00:00+09:00') });
  await login(officer, base);
  await officer.waitForSelector('.live.on', { timeout: 15000 });
  await officer.evaluate(() => { window.__not_reloaded = true; });
  assert.equal(await officer.locator('.queue-row').count(), 0);

  // A visitor files a complaint on the kiosk.
  const kiosk = await newPage(browser);
  await kiosk.goto(`${base}/kiosk`);
  await hydrated(kiosk);
  await kiosk.click('[data-kind="complaint"]');
  await kiosk.click('[data-facility="railbike"]');
  // Too short: a Korean message, and the visitor stays on the screen with their text.
  await kiosk.fill('#content', '더러움');
  await kiosk.click('#to-contact');
  await kiosk.waitForSelector('#content-error:has-text("5자 이상 입력해 주세요")');
  assert.equal(await kiosk.inputValue('#content'), '더러움');
  await kiosk.fill('#content', '철로자전거 3번 바퀴에서 소리가 심하게 납니다. 점검 부탁드립니다.');
  await kiosk.click('#to-contact');
  // A landline cannot take the text messages ticked: said plainly; the rest stays as typed.
  await kiosk.fill('#name', '홍길동');
  await kiosk.fill('#phone', '02-123-4567');
  await kiosk.check('#consent-sms');
  await kiosk.click('#submit');
  await kiosk.waitForSelector('#phone-error:has-text("휴대전화 번호로만")');
  assert.equal(await kiosk.inputValue('#name'), '홍길동');
  await kiosk.fill('#phone', '010 1234 5678');
  await kiosk.click('#submit');
  const receiptNo = (await kiosk.textContent('#receipt-no', { timeout: 15000 })).trim();
  assert.match(receiptNo, /^VOC-\d{4}-\d{6}$/);
  // The tracking link is drawn only as a QR code for the visitor's phone: never shown as
  // text that someone behind them could copy, never followed on the kiosk (it would stay in
  // the kiosk's history). The visitor's phone opens what the code holds.
  await kiosk.waitForFunction(() => document.querySelector('#tracking-qr')?.naturalWidth > 0);
  const trackToken = new URL(await kiosk.getAttribute('#tracking-qr', 'src'), base).searchParams.get('token');
  assert.match(trackToken, /^[A-Za-z0-9_-]{32}$/);
  assert.ok(!(await kiosk.textContent('main')).includes(trackToken), 'the token is not on screen as text');
  assert.equal(await kiosk.locator('a[href*="/track/"]').count(), 0);
  const trackingHref = `/track/${receiptNo}?token=${trackToken}`;

  // It appears on the open queue, pushed by the server, with a ticking countdown; by 2028 it
  // is long overdue, so it is red and says so.
  const row = officer.locator(`tr[data-receipt="${receiptNo}"]`);
  await row.waitFor({ timeout: 5000 });
  assert.equal(await officer.evaluate(() => window.__not_reloaded), true, 'the queue must not reload');
  assert.match(await row.textContent(), /불만/);
  assert.match(await row.textContent(), /철로자전거/);
  assert.match(await officer.textContent('#office-state'), /근무시간입니다/);
  assert.equal(await row.evaluate((tr) => tr.classList.contains('overdue')), true);
  assert.match(await row.locator('.countdown').textContent(), /^기한 초과 -\d+:\d\d:\d\d$/);
  const first = await row.locator('.countdown').textContent();
  await officer.waitForFunction(
    ([sel, before]) => document.querySelector(sel)?.textContent !== before,
    [`tr[data-receipt="${receiptNo}"] .countdown`, first],
    { timeout: 5000 },
  );

  // "Start over" on the kiosk leaves nothing of this visitor on screen.
  await kiosk.click('#restart');
  await kiosk.waitForSelector('[data-kind="complaint"]');
  assert.equal(await kiosk.locator('#receipt-no').count(), 0);

  // The officer answers and closes the case.
  await row.locator('a').click();
  await officer.waitForSelector('#send-answer');
  await hydrated(officer);
  assert.match(await officer.textContent('.facts'), /010-\*\*\*\*-5678/);
  assert.match(await officer.textContent('.facts'), /홍\*동/);
  await officer.fill('#result', '바퀴 베어링을 교체했습니다.');
  await officer.fill('#basis', '시설물 안전점검 규정 제5조');
  await officer.fill('#appeal', '결과에 이의가 있으면 30일 이내에 고객지원팀(054-000-0000)으로 신청하세요.');
  await officer.click('#send-answer');
  await officer.waitForSelector('#case-status:has-text("종결")');
  assert.match(await officer.textContent('.history'), /답변·종결/);

  // The complainant follows the tracking link, reads the answer, answers the survey.
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${base}${trackingHref}`);
  await hydrated(phone);
  await phone.waitForSelector('#track-status:has-text("종결")');
  assert.match(await phone.textContent('#answer-result'), /베어링을 교체/);
  await phone.click('#survey-link');
  await phone.waitForSelector('.survey-item');
  await hydrated(phone);
  const items = await phone.locator('.survey-item').count();
  assert.equal(items, 7);
  for (const id of ['ease', 'interim_notice', 'proactiveness', 'courtesy', 'timeliness', 'result', 'overall']) {
    await phone.click(`label[for="${id}-5"]`);
  }
  await phone.fill('#comment', '빠른 처리 감사합니다.');
  await phone.click('#submit-survey');
  await phone.waitForSelector('#survey-thanks');

  // A second response is refused, on the page and by the API.
  await phone.reload();
  await phone.waitForSelector('text=이미 응답하셨습니다');
  // The survey has its own link, apart from the tracking one.
  const token = new URL(phone.url()).pathname.split('/survey/')[1];
  assert.notEqual(token, new URL(trackingHref, base).searchParams.get('token'));
  const again = await fetch(`${base}/api/v1/surveys/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: { ease: 1, interim_notice: 1, proactiveness: 1, courtesy: 1, timeliness: 1, result: 1, overall: 1 } }),
  });
  assert.equal(again.status, 409);
  assert.match((await again.json()).message, /이미 응답/);

  for (const p of [officer, kiosk, phone]) assert.deepEqual(p.errors, [], `browser errors on ${p.url()}`);
});
