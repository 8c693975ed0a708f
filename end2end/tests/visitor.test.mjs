// Visitors and complainants in real Chromium: the kiosk's language switch, idle reset and
// receipt QR code at 1280×800; the mobile homepage at 390×844 with attachments, every
// consent combination and the lookup; axe-core on every complainant page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startServer, launch, newPage, hydrated, axe, login, ROOT, ADMIN_PASSWORD, api as call } from './support.mjs';

const PHONE = { width: 390, height: 844 };
const FIXTURES = join(ROOT, 'server', 'tests', 'fixtures');

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  const login = await call(server.url, '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  admin = login.headers.get('set-cookie').split(';')[0];
});
after(async () => { await browser?.close(); await server?.stop(); });

async function staffCase(receiptNo) {
  const queue = await call(server.url, '/api/v1/queue?per_page=200', undefined, admin);
  const item = queue.body.items.find((c) => c.receipt_no === receiptNo);
  assert.ok(item, `${receiptNo} is in the queue`);
  return (await call(server.url, `/api/v1/cases/${item.id}`, undefined, admin)).body;
}

test('kiosk: English in one tap, idle countdown, and a wipe that leaves nothing behind', async () => {
  const kiosk = await newPage(browser);
  await kiosk.clock.install();
  await kiosk.goto(`${server.url}/kiosk?site=railbike`);
  await hydrated(kiosk);
  const entries = await kiosk.evaluate(() => history.length);
  await axe(kiosk, 'kiosk start');
  assert.match(await kiosk.textContent('h1'), /어떤 내용을 남기시겠어요/);
  // Untouched, the start screen never counts down.
  await kiosk.clock.fastForward(200_000);
  assert.equal(await kiosk.locator('#idle-title').count(), 0);

  await kiosk.click('#lang-toggle');
  await kiosk.waitForSelector('h1:has-text("What would you like to tell us?")');
  assert.equal(await kiosk.getAttribute('main', 'lang'), 'en');
  assert.match(await kiosk.textContent('[data-kind="complaint"]'), /Complaint/);
  await kiosk.click('[data-kind="complaint"]');
  assert.equal(await kiosk.getAttribute('[data-facility="railbike"]', 'class'), 'tile small chosen', 'the site is preselected');
  await kiosk.click('[data-facility="railbike"]');
  await kiosk.fill('#content', 'Seat belt of rail bike 7 is broken.');
  await kiosk.click('#to-contact');
  await kiosk.fill('#name', 'Jane Visitor');
  await kiosk.fill('#phone', '010-5555-1234');
  assert.match(await kiosk.textContent('#privacy-notice'), /retention period/);
  await axe(kiosk, 'kiosk contact screen, English');
  for (const id of ['#content', '#name', '#phone', '#email'].slice(1)) {
    assert.equal(await kiosk.getAttribute(id, 'autocomplete'), 'off', `${id} offers no autofill`);
  }

  // 89 s: nothing yet. 91 s: the countdown, in the visitor's language; a tap continues.
  await kiosk.clock.fastForward(89_000);
  assert.equal(await kiosk.locator('#idle-title').count(), 0);
  await kiosk.clock.fastForward(2_000);
  await kiosk.waitForSelector('#idle-title:has-text("Are you still there?")');
  await kiosk.waitForFunction(() => document.activeElement?.id === 'idle-continue');
  assert.ok(Number(await kiosk.textContent('#idle-seconds')) <= 20);
  await axe(kiosk, 'idle countdown');
  await kiosk.click('#idle-continue');
  assert.equal(await kiosk.locator('#idle-title').count(), 0);
  assert.equal(await kiosk.inputValue('#name'), 'Jane Visitor', 'continuing keeps everything');

  // Left alone for 90 + 20 s: everything is wiped and the start screen is back, in Korean.
  await kiosk.clock.fastForward(95_000);
  await kiosk.waitForSelector('#idle-title');
  await kiosk.clock.fastForward(16_000);
  await kiosk.waitForSelector('h1:has-text("어떤 내용을 남기시겠어요?")');
  assert.equal(await kiosk.locator('#idle-title').count(), 0);
  const html = await kiosk.content();
  for (const trace of ['Jane Visitor', '5555', 'Seat belt']) assert.ok(!html.includes(trace), `${trace} is gone from the page`);
  // Nothing to go back to: the kiosk never added a history entry, so Back leaves the kiosk
  // rather than showing an earlier screen.
  assert.equal(await kiosk.evaluate(() => history.length), entries);
  assert.equal(new URL(kiosk.url()).pathname, '/kiosk');
  // The next visitor starts blank.
  await kiosk.click('[data-kind="inquiry"]');
  await kiosk.click('[data-facility="railbike"]');
  assert.equal(await kiosk.inputValue('#content'), '');
  assert.deepEqual(kiosk.errors, []);
});

test('kiosk: the receipt shows a QR code of the tracking link, clears itself after 30 s, and Start over wipes it', async () => {
  const kiosk = await newPage(browser);
  await kiosk.clock.install();
  await kiosk.goto(`${server.url}/kiosk`);
  await hydrated(kiosk);
  await kiosk.click('[data-kind="praise"]');
  await kiosk.click('[data-facility="railbike"]');
  await kiosk.fill('#content', '안내 직원분이 아주 친절했습니다.');
  await kiosk.click('#to-contact');
  await kiosk.click('#submit');
  const receiptNo = (await kiosk.textContent('#receipt-no', { timeout: 15000 })).trim();
  await kiosk.waitForFunction(() => document.querySelector('#tracking-qr')?.naturalWidth > 0);
  const src = await kiosk.getAttribute('#tracking-qr', 'src');
  assert.match(src, new RegExp(`^/api/v1/cases/${receiptNo}/qr.svg\\?token=`));
  await axe(kiosk, 'kiosk receipt');
  assert.match(await kiosk.textContent('#receipt-clears'), /30초 뒤 처음 화면으로/);
  await kiosk.click('#restart');
  await kiosk.waitForSelector('[data-kind="complaint"]');
  assert.ok(!(await kiosk.content()).includes(receiptNo));

  // The next visitor walks away from their receipt: 29 s on it is still there, at 31 s gone.
  await kiosk.click('[data-kind="inquiry"]');
  await kiosk.click('[data-facility="railbike"]');
  await kiosk.fill('#content', '주차장은 몇 시까지 운영하나요?');
  await kiosk.click('#to-contact');
  await kiosk.click('#submit');
  const second = (await kiosk.textContent('#receipt-no', { timeout: 15000 })).trim();
  await kiosk.clock.fastForward(29_000);
  assert.equal((await kiosk.textContent('#receipt-no')).trim(), second);
  await kiosk.clock.fastForward(2_000);
  await kiosk.waitForSelector('[data-kind="complaint"]');
  assert.ok(!(await kiosk.content()).includes(second), 'the receipt cleared itself');
  assert.deepEqual(kiosk.errors, []);
});

test('homepage on a phone: files with photos, refused files keep the form, each consent combination, double tap', async () => {
  const page = await newPage(browser, PHONE);
  await page.goto(`${server.url}/`);
  await hydrated(page);
  await axe(page, 'homepage');
  // No kind is chosen for the citizen: sending without one names the field.
  assert.equal(await page.locator('input[name="kind"]:checked').count(), 0);
  // This profile's categories are set by staff: the homepage offers none.
  assert.equal(await page.locator('#category').count(), 0);
  await page.fill('#content', '레일바이크 출발 지점 바닥이 파손되어 있습니다. 사진을 첨부합니다.');
  await page.click('#submit');
  await page.waitForSelector('#kind-error:not(:empty)');
  await page.check('#kind-complaint');
  await page.selectOption('#facility', 'railbike');
  await page.fill('#content', '레일바이크 출발 지점 바닥이 파손되어 있습니다. 사진을 첨부합니다.');
  await page.fill('#name', '김민원');

  // A photo and a HEIC are accepted; a text file named .jpg is refused by content, and so is
  // an oversized one, each named with its reason; everything typed stays.
  const dir = mkdtempSync(join(tmpdir(), 'voc-files-'));
  const fake = join(dir, 'not-a-photo.jpg');
  writeFileSync(fake, '이것은 사진이 아닙니다');
  const huge = join(dir, 'huge.png');
  writeFileSync(huge, Buffer.alloc(10 * 1024 * 1024 + 1, 1));
  await page.setInputFiles('#files', [join(FIXTURES, 'gps.jpg'), fake, join(FIXTURES, 'gps.heic'), huge]);
  await page.waitForSelector('li.file.accepted[data-file="gps.jpg"]');
  await page.waitForSelector('li.file.accepted[data-file="gps.heic"]');
  await page.waitForSelector('li.file.refused[data-file="not-a-photo.jpg"]:has-text("받을 수 없는 형식")');
  assert.match(await page.textContent('li.file.refused[data-file="huge.png"]'), /10MB까지/);
  assert.equal(await page.inputValue('#content'), '레일바이크 출발 지점 바닥이 파손되어 있습니다. 사진을 첨부합니다.');
  assert.equal(await page.inputValue('#name'), '김민원');
  await axe(page, 'homepage with refused files');
  await page.click('li.file.refused[data-file="huge.png"] button');
  assert.equal(await page.locator('li.file.refused').count(), 1);

  // SMS consent without a number is named on the phone field; nothing else is lost.
  await page.check('#consent-sms');
  await page.click('#submit');
  await page.waitForSelector('#phone-error:has-text("휴대전화 번호")');
  assert.equal(await page.inputValue('#name'), '김민원');
  assert.equal(await page.locator('li.file.accepted').count(), 2);
  await axe(page, 'homepage with a field error');
  await page.fill('#phone', '010-3333-4444');
  await page.click('#submit');
  const first = (await page.textContent('#receipt-no', { timeout: 15000 })).trim();
  // The submit button is far below it on a phone: the receipt is brought into view.
  await page.waitForFunction(() => {
    const r = document.querySelector('#receipt-no').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  const filed = await staffCase(first);
  assert.deepEqual(filed.attachments.map((a) => a.file_name).sort(), ['gps.heic', 'gps.jpg']);
  assert.equal(filed.channel, 'mobile');
  assert.deepEqual(filed.consent, { sms: true, email: false, publish: false });
  // Staff see the files on the case: the photo drawn, the HEIC as a link.
  const officer = await newPage(browser);
  await login(officer, server.url);
  await officer.goto(`${server.url}/cases/${filed.id}`);
  await officer.waitForSelector('#attachments a:has-text("gps.heic")');
  await officer.waitForFunction(() => document.querySelector('#attachments img.thumb')?.naturalWidth > 0);
  await officer.close();

  // Every combination of the three consents is stored as chosen.
  for (let bits = 0; bits < 8; bits++) {
    const want = { sms: !!(bits & 1), email: !!(bits & 2), publish: !!(bits & 4) };
    await page.click('#file-another');
    await page.waitForSelector('#content');
    await page.check('#kind-inquiry');
    await page.fill('#content', `동의 조합 ${bits}번 확인용 문의입니다.`);
    await page.fill('#phone', '010-3333-4444');
    await page.fill('#email', 'kim@example.kr');
    for (const [name, on] of Object.entries(want)) await page.setChecked(`#consent-${name}`, on);
    await page.click('#submit');
    const receipt = (await page.textContent('#receipt-no', { timeout: 15000 })).trim();
    const c = await staffCase(receipt);
    assert.deepEqual(c.consent, want, `combination ${bits}`);
  }
  await axe(page, 'homepage receipt');

  // A double tap on Submit files one case.
  const before = (await call(server.url, '/api/v1/queue', undefined, admin)).body.total;
  await page.click('#file-another');
  await page.check('#kind-suggestion');
  await page.fill('#content', '두 번 눌러도 한 번만 접수되는지 확인합니다.');
  await page.dblclick('#submit');
  await page.waitForSelector('#receipt-no', { timeout: 15000 });
  await page.waitForLoadState('networkidle');
  assert.equal((await call(server.url, '/api/v1/queue', undefined, admin)).body.total, before + 1);
  assert.deepEqual(page.errors.filter((e) => !/422|Unprocessable/.test(e)), []);
});

test('homepage lookup finds the case by receipt number and phone; tracking and survey pages pass axe', async () => {
  const filed = await call(server.url, '/api/v1/cases', {
    kind: 'inquiry', channel: 'mobile', content: '주차장은 몇 시까지 운영하나요?', phone: '010-7777-8888',
  });
  const receipt = filed.body.receipt_no;
  const page = await newPage(browser, PHONE);
  await page.goto(`${server.url}/`);
  await hydrated(page);
  await page.fill('#lookup-receipt', receipt);
  await page.fill('#lookup-contact', '010-0000-0000');
  await page.click('#lookup-submit');
  await page.waitForSelector('.lookup .banner.error:has-text("접수번호와 연락처가 맞는 민원이 없습니다")');
  assert.equal(await page.inputValue('#lookup-receipt'), receipt, 'what was typed stays');
  await axe(page, 'homepage lookup refused');
  await page.fill('#lookup-contact', '01077778888');
  await page.click('#lookup-submit');
  await page.waitForURL(/\/track\//);
  await hydrated(page);
  await page.waitForSelector(`#track-receipt:has-text("${receipt}")`);
  await axe(page, 'tracking page');
  await page.click('#lang-toggle');
  await page.waitForSelector('h1:has-text("Status of your request")');
  assert.match(await page.textContent('#track-status'), /Received/);
  await axe(page, 'tracking page, English');
  // A link made for an English-speaking visitor (the kiosk's QR code) opens in English at once.
  const english = await newPage(browser, PHONE);
  await english.goto(`${page.url()}&lang=en`);
  await english.waitForSelector('h1:has-text("Status of your request")');
  assert.equal(await english.getAttribute('main', 'lang'), 'en');
  await english.close();

  // Answered and closed: the answer with its basis and appeal route, and the survey.
  const answer = await call(server.url, `/api/v1/cases/${filed.body.id}/answer`, {
    result: '주차장은 매일 22시까지 운영합니다.', basis: '주차장 운영 규정 제3조', appeal: '이의가 있으면 14일 안에 고객지원팀에 신청하세요.',
  }, admin);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  await page.reload();
  await hydrated(page);
  await page.waitForSelector('#answer-result:has-text("22시까지")');
  assert.match(await page.textContent('.answer-view'), /주차장 운영 규정 제3조/);
  assert.match(await page.textContent('.answer-view'), /14일 안에/);
  await axe(page, 'tracking page with the answer');
  await page.click('#survey-link');
  await page.waitForURL(/\/survey\//);
  await hydrated(page);
  await page.waitForSelector('.survey-item');
  await axe(page, 'survey page');
  await page.click('#submit-survey');
  await page.waitForSelector('.banner.error:has-text("모든 문항에 답해 주세요")');
  await axe(page, 'survey page with errors');
});

test('homepage of the KGS profile: the complainant chooses the category, which routes the case', async () => {
  const kgs = await startServer({ VOC_PROFILE: 'kgs' });
  try {
    const page = await newPage(browser, PHONE);
    await page.goto(`${kgs.url}/`);
    await hydrated(page);
    await page.waitForSelector('#category option[value="lpg_quality"]', { state: 'attached' });
    assert.match(await page.textContent('#category option[value="lpg_quality"]'), /민원신고 › 품질불량 LPG/);
    await axe(page, 'homepage with categories');
    await page.check('#kind-complaint');
    await page.selectOption('#category', 'lpg_quality');
    await page.fill('#content', '충전소에서 산 LPG에서 이상한 냄새가 나고 화력이 약합니다.');
    await page.click('#submit');
    const receipt = (await page.textContent('#receipt-no', { timeout: 15000 })).trim();
    const login = await call(kgs.url, '/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const staff = await call(kgs.url, `/api/v1/cases/${receipt}`, undefined, cookie);
    assert.equal(staff.body.category, 'lpg_quality');
    assert.equal(staff.body.department_name, '시험검사실', 'routed by its category');
    assert.deepEqual(page.errors, []);
  } finally {
    await kgs.stop();
  }
});
