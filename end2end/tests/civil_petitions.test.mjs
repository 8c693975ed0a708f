// The Civil Petitions Act's steps in the browser. Extending a case's period: the first with a reason and a day the
// server allows, the second only with the complainant's consent recorded, no third; the
// complainant's tracking page shows the new due, the one before and the reason. A supplement
// request (보완 요구) asked on the case page and answered with a file on the tracking page. An
// appeal (이의신청) against a result not accepted, made on the tracking page and followed there.
// A second extension agreed to with the complainant's own button on the tracking page. The
// written result notice downloaded as a PDF on the tracking page and on the case page.
// Co-complainants of a multi-person complaint added and removed on the case page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, launch, newPage, hydrated, login, api, axe, ADMIN_PASSWORD, ROOT } from './support.mjs';

let server, browser, cookie;
before(async () => {
  server = await startServer();
  browser = await launch();
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  cookie = r.headers.get('set-cookie').split(';')[0];
});
after(async () => { await browser?.close(); await server?.stop(); });

/** Clicks a download link and returns the PDF's text as poppler's pdftotext reads it. */
async function pdfText(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = await download.path();
  assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString();
}

test('a grievance is extended once, then once more with consent, and the complainant sees both dues', async () => {
  // A grievance (seven days, counted in days by the Act) registered at a visit, received now.
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'grievance', channel: 'visit', content: '방문 고충: 주차장 안내요원의 응대가 부당했습니다',
    name: '홍길동', phone: '010-2222-3333', consent: { sms: true },
  }, cookie);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const first = (await api(server.url, `/api/v1/cases/${c.id}`, null, cookie)).body;
  assert.equal(first.extension.needs_consent, false);
  assert.match(first.extension.last_day, /^\d{4}-\d\d-\d\d$/);

  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.waitForSelector('#extend-form');
  assert.equal(await page.getAttribute('#extend-date', 'max'), first.extension.last_day);
  assert.equal(await page.locator('#extend-consent-via').count(), 0, 'no consent asked the first time');

  // A refusal names the field and keeps what was typed.
  await page.fill('#extend-date', first.extension.last_day);
  await page.click('#extend');
  await page.waitForSelector('#extend-reason-error:has-text("필수")');
  assert.equal(await page.inputValue('#extend-date'), first.extension.last_day);

  await page.fill('#extend-reason', '관계자 면담과 현장 조사가 더 필요합니다');
  await page.click('#extend');
  await page.waitForSelector('#case-due:has-text("연장")');
  assert.match(await page.textContent('#extensions'), /관계자 면담과 현장 조사가 더 필요합니다/);
  await page.waitForSelector('#extend-consent-via');
  await axe(page, 'the case page after an extension');

  // The second: the form now asks how and when the complainant agreed.
  const second = (await api(server.url, `/api/v1/cases/${c.id}`, null, cookie)).body;
  assert.equal(second.extension.needs_consent, true);
  await page.fill('#extend-reason', '외부 기관 검사 결과를 기다립니다');
  await page.fill('#extend-date', second.extension.last_day);
  await page.selectOption('#extend-consent-via', 'phone');
  await page.click('#extend');
  await page.waitForSelector('#extend-form:has-text("더 연장할 수 없습니다")');
  const items = await page.locator('#extensions li').allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[1], /민원인 동의: 전화/);
  const after = (await api(server.url, `/api/v1/cases/${c.id}`, null, cookie)).body;
  assert.equal(after.due_at.slice(0, 10), second.extension.last_day);
  assert.equal(after.original_due_at, first.due_at);

  // The complainant's tracking page: the new due, the first one and the latest reason.
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('#track-extended');
  const extended = await phone.textContent('#track-extended');
  assert.match(extended, /종전 기한/);
  assert.match(extended, /외부 기관 검사 결과를 기다립니다/);
  assert.match(await phone.textContent('#track-due'), new RegExp(second.extension.last_day));
  await axe(phone, 'the tracking page of an extended case');
  assert.deepEqual([...page.errors, ...phone.errors], []);
});

test('the VOC manager sends a case to the agency it belongs to, and the complainant reads where it went', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'complaint', channel: 'visit', content: '방문 민원: 마을 앞 시 도로 포장이 파손되었습니다',
  }, cookie);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.click('#transfer-form >> xpath=.. >> summary');
  await page.fill('#transfer-agency', '문경시청 도로과');
  await page.click('#transfer-out');
  await page.waitForSelector('#transfer-reason-error:has-text("필수")');
  assert.equal(await page.inputValue('#transfer-agency'), '문경시청 도로과');
  await page.fill('#transfer-reason', '시 도로의 유지·보수는 문경시 소관입니다');
  await page.click('#transfer-out');
  await page.waitForFunction(() => document.querySelector('#case-status')?.textContent.trim() === '종결');
  assert.match(await page.textContent('.history'), /타 기관 이송/);

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('text=문경시청 도로과의 소관이어서');
  assert.deepEqual([...page.errors, ...phone.errors], []);
});

test('a handler marks a complaint serious and it heads the queue with its reason', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'complaint', channel: 'visit', content: '방문 민원: 레일 이음부가 벌어져 탈선 위험이 있습니다',
  }, cookie);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.click('#serious-form >> xpath=.. >> summary');
  await page.fill('#serious-note', '탈선 위험: 운행 중지 검토');
  await page.click('#mark-serious');
  await page.waitForSelector('#serious-reason-error:has-text("목록")');
  assert.equal(await page.inputValue('#serious-note'), '탈선 위험: 운행 중지 검토');
  await page.selectOption('#serious-reason', 'safety');
  await page.click('#mark-serious');
  await page.waitForSelector('#serious-state:has-text("안전사고 우려")');

  await page.goto(`${server.url}/queue`);
  await hydrated(page);
  const first = page.locator('tr.queue-row').first();
  await first.waitFor();
  assert.equal(await first.getAttribute('data-receipt'), c.receipt_no);
  assert.match(await first.textContent(), /중대 · 안전사고 우려/);
  await axe(page, 'the queue with a serious case');
  assert.deepEqual(page.errors, []);
});

test('co-complainants of a multi-person complaint are added and removed on the case page', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '주차장 소음이 밤늦게까지 계속됩니다. 주민 일동의 민원입니다.',
    name: '홍길동', phone: '010-7777-8888', consent: { sms: true },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.click('#co-complainant-form >> xpath=.. >> summary');
  await page.fill('#co-phone', '010-2222-3333');
  await page.check('#co-consent-sms');
  await page.click('#add-co-complainant');
  // Refused in the browser by the domain's own check, and what was typed stays.
  await page.waitForSelector('#co-name-error:not(:empty)');
  assert.equal(await page.inputValue('#co-phone'), '010-2222-3333');
  await page.fill('#co-name', '김철수');
  await page.click('#add-co-complainant');
  await page.waitForSelector('#co-complainants li:has-text("김*수")');
  assert.match(await page.textContent('.co-complainants h2'), /민원인 2명/);
  assert.match(await page.textContent('#co-complainants'), /010-\*\*\*\*-3333 · 알림: 문자/);
  await axe(page, 'the case page with a co-complainant');
  await page.click('#co-complainants li button');
  await page.waitForSelector('#co-complainants li', { state: 'detached' });
  assert.match(await page.textContent('.co-complainants h2'), /민원인 1명/);
  assert.deepEqual(page.errors, []);
});

test('a supplement asked on the case page is answered with a file on the tracking page, and the clock runs again', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.',
    phone: '010-3333-4444', consent: { sms: true },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.click('summary:has-text("보완 요구")');
  // A day in Seoul a week ahead.
  const due = new Date(Date.now() + (9 + 7 * 24) * 3600 * 1000).toISOString().slice(0, 10);
  await page.fill('#supplement-date', due);
  await page.click('#request-supplement');
  await page.waitForSelector('#supplement-request-error:has-text("필수")');
  assert.equal(await page.inputValue('#supplement-date'), due, 'a refusal keeps the day');
  await page.fill('#supplement-request', '두 번 결제된 카드 영수증 사본을 보내 주세요.');
  await page.click('#request-supplement');
  await page.waitForSelector('#supplements:has-text("보완 기다리는 중")');
  assert.equal((await api(server.url, `/api/v1/cases/${c.id}`, null, cookie)).body.status, 'paused');
  await axe(page, 'the case page waiting for a supplement');

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('#supplement-request:has-text("영수증 사본")');
  assert.equal(await phone.textContent('#supplement-due'), due);
  await axe(phone, 'the tracking page asking for a supplement');
  // Nothing written and no file: refused, naming the field.
  await phone.click('#send-supplement');
  await phone.waitForSelector('#text-error:not(:empty)');
  await phone.setInputFiles('#supplement-files', [join(ROOT, 'server', 'tests', 'fixtures', 'doc.pdf')]);
  await phone.waitForSelector('li.file.accepted[data-file="doc.pdf"]');
  await phone.fill('#supplement-text', '영수증 사본을 붙입니다.');
  await phone.click('#send-supplement');
  await phone.waitForSelector('#supplements-sent:has-text("영수증 사본을 붙입니다.")');
  assert.equal(await phone.getAttribute('#track-status', 'data-status'), 'in_progress');
  assert.equal(await phone.locator('#supplement').count(), 0, 'nothing more is asked');

  // The handler's page shows the answer and the file.
  await page.reload();
  await hydrated(page);
  await page.waitForSelector('#supplements .supplement-answer:has-text("영수증 사본을 붙입니다.")');
  assert.match(await page.textContent('body'), /doc\.pdf/);
  assert.deepEqual([...page.errors, ...phone.errors], []);
});

test('a result not accepted is appealed on the tracking page and the appeal is followed on its own', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '레일바이크 요금이 두 번 결제되었습니다. 환불해 주세요.',
    phone: '010-4444-5555', consent: { sms: true },
  });
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const answered = await api(server.url, `/api/v1/cases/${c.id}/answer`, {
    decision: 'not_accepted', result: '결제 기록을 확인한 결과 한 번만 결제되었습니다.', basis: '이용 약관 제7조',
    appeal: '결과 통지 후 90일 안에 진행 조회 화면에서 이의신청',
  }, cookie);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('#appeal-until');
  await axe(phone, 'the tracking page offering an appeal');
  // The written result notice downloads as a PDF whose Korean is text.
  const letter = await pdfText(phone, '#letter-link');
  assert.match(letter, /민원 처리 결과 통지서/);
  assert.ok(letter.includes(c.receipt_no), letter);
  assert.match(letter, /수용 여부: 불수용/);
  await phone.click('#send-appeal');
  await phone.waitForSelector('#reasons-error:not(:empty)');
  await phone.fill('#appeal-reasons', '카드 명세서에 두 번 청구되어 있습니다. 명세서를 다시 확인해 주세요.');
  await phone.click('#send-appeal');
  await phone.waitForSelector('#appeal-filed');
  const appealNo = (await phone.textContent('#appeal-filed strong')).trim();
  assert.match(appealNo, /^VOC-\d{4}-\d{6}$/);
  await phone.click('#appeal-follow');
  await phone.waitForURL(new RegExp(`/track/${appealNo}\\?token=`));
  await hydrated(phone);
  await phone.waitForSelector('#track-receipt');
  assert.equal((await phone.textContent('#track-receipt')).trim(), appealNo);
  assert.match(await phone.textContent('.content'), /두 번 청구/);
  await axe(phone, 'the appeal\'s tracking page');

  // The department sees the appeal naming the case it contests.
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${appealNo}`);
  await hydrated(page);
  await page.waitForSelector(`#appeal-of:has-text("${c.receipt_no}")`);
  // Staff print the original's letter from its case page.
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  assert.match(await pdfText(page, '#letter-link'), /이의신청 안내/);
  assert.deepEqual([...page.errors, ...phone.errors], []);
});

test('a second extension is proposed on the case page and agreed to with the button on the tracking page', async () => {
  const filed = await api(server.url, '/api/v1/cases', {
    kind: 'grievance', channel: 'visit', content: '방문 고충: 매표소 안내가 부당했습니다',
    name: '홍길동', phone: '010-6666-7777', consent: { sms: true },
  }, cookie);
  assert.equal(filed.status, 201, JSON.stringify(filed.body));
  const c = filed.body;
  const first = (await api(server.url, `/api/v1/cases/${c.id}`, null, cookie)).body;
  const extended = await api(server.url, `/api/v1/cases/${c.id}/extend`,
    { reason: '관계자 면담이 더 필요합니다', due_date: first.extension.last_day }, cookie);
  assert.equal(extended.status, 200, JSON.stringify(extended.body));
  const last = extended.body.extension.last_day;

  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.waitForSelector('#extend-propose');
  await page.fill('#extend-reason', '외부 기관 검사 결과를 기다립니다');
  await page.fill('#extend-date', last);
  await page.click('#extend-propose');
  await page.waitForSelector('#extension-proposal:has-text("기다리는 중")');

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${server.url}/track/${c.receipt_no}?token=${c.tracking_token}`);
  await hydrated(phone);
  await phone.waitForSelector('#extension-consent');
  assert.equal((await phone.textContent('#consent-due')).trim(), last);
  await axe(phone, 'the tracking page asking consent to an extension');
  await phone.click('#agree-extension');
  await phone.waitForSelector('#extension-consent', { state: 'detached' });
  assert.match(await phone.textContent('#track-due'), new RegExp(last));

  await page.reload();
  await hydrated(page);
  await page.waitForSelector('#extension-proposal:has-text("동의함")');
  const items = await page.locator('#extensions li').allTextContents();
  assert.equal(items.length, 2);
  assert.match(items[1], /진행 조회 화면의 동의 버튼/);
  assert.deepEqual([...page.errors, ...phone.errors], []);
});
