// Business time in the browser: the queue's clocks stand still out of hours, a handler
// pauses and resumes a case, an administrator edits holidays and deadline policies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, statusIs, axe } from './support.mjs';

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

async function fileByMail(content, receivedAt) {
  const r = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ kind: 'complaint', channel: 'mail', content, received_at: receivedAt }),
  });
  assert.equal(r.status, 201);
  return r.json();
}

test('out of hours every clock stands still and says why', async () => {
  const c = await fileByMail('우편 접수: 주차 요금이 잘못 계산되었습니다', '2026-11-20T10:00:00+09:00');
  const page = await newPage(browser);
  // Saturday morning: no business time.
  await page.clock.install({ time: new Date('2028-03-04T11:00:00+09:00') });
  await login(page, server.url);
  const row = page.locator(`tr[data-receipt="${c.receipt_no}"]`);
  await row.waitFor();
  assert.match(await page.textContent('#office-state'), /근무시간 외/);
  const before = await row.locator('.countdown').textContent();
  assert.match(before, /정지\(근무시간 외\)/);
  await page.waitForTimeout(2200);
  assert.equal(await row.locator('.countdown').textContent(), before, 'a stopped clock does not move');
  assert.deepEqual(page.errors, []);
});

test('a handler pauses with a reason and resumes; the queue shows the pause live', async () => {
  const c = await fileByMail('우편 접수: 서류 보완이 필요한 민원입니다', '2026-11-20T10:00:00+09:00');
  const queue = await newPage(browser);
  await login(queue, server.url);
  const row = queue.locator(`tr[data-receipt="${c.receipt_no}"]`);
  await row.waitFor();

  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${c.id}`);
  await hydrated(page);
  await page.click('.pause-form summary');
  await page.click('#pause');
  await page.waitForSelector('#note-error:has-text("필수 입력")');
  await page.selectOption('#pause-reason', 'document_supplement');
  await page.fill('#pause-note', '사업자등록증 사본 보완 요청');
  await page.click('#pause');
  await page.waitForSelector('#case-status:has-text("처리중지")');
  assert.match(await page.textContent('#pause-list'), /서류 보완·정정 · 사업자등록증 사본 보완 요청/);
  assert.match(await page.textContent('#case-clock'), /일시정지/);

  // The other officer's queue learns of it without a reload.
  await queue.waitForFunction((no) => /일시정지\(서류 보완·정정\)/.test(
    document.querySelector(`tr[data-receipt="${no}"] .countdown`)?.textContent ?? ''), c.receipt_no);

  await page.click('#resume');
  await statusIs(page, '처리중');
  const history = await page.textContent('.history');
  assert.match(history, /처리 중지\(기한 정지\)/);
  assert.match(history, /처리 재개/);
  assert.match(await page.textContent('#pause-list'), /~ \d{4}-\d\d-\d\d \d\d:\d\d/);
  assert.deepEqual([...queue.errors, ...page.errors], []);
});

test('an administrator edits holidays and a deadline policy', async () => {
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/admin/calendar`);
  await hydrated(page);
  await page.waitForSelector('#holidays');
  // Show 2026 whatever this year is.
  for (let i = 0; i < 5 && !/2026년/.test(await page.textContent('#year')); i++) {
    const y = parseInt(await page.textContent('#year'), 10);
    await page.click(y > 2026 ? '#prev-year' : '#next-year');
  }
  await page.waitForSelector('#holidays tr[data-date="2026-09-25"]');
  assert.match(await page.textContent('#holidays tr[data-date="2026-09-25"]'), /추석/);
  assert.match(await page.textContent('#holidays tr[data-date="2026-10-05"]'), /대체공휴일/);

  // A bad date is named, the name typed stays.
  await page.fill('#holiday-name', '창립기념일');
  await page.click('#add-holiday');
  await page.waitForSelector('#date-error:has-text("필수 입력")');
  assert.equal(await page.inputValue('#holiday-name'), '창립기념일');
  await page.fill('#holiday-date', '2026-11-30');
  await page.click('#add-holiday');
  await page.waitForSelector('#holidays tr[data-date="2026-11-30"]');
  assert.match(await page.textContent('#holidays tr[data-date="2026-11-30"]'), /창립기념일/);
  await page.click('#holidays tr[data-date="2026-11-30"] button');
  await page.waitForSelector('#holidays tr[data-date="2026-11-30"]', { state: 'detached' });

  const complaint = page.locator('#policies tr[data-kind="complaint"]');
  await complaint.locator('input[aria-label="business_days"]').fill('0');
  await complaint.locator('button').click();
  await complaint.locator('.field-error:has-text("1 이상")').waitFor();
  await complaint.locator('input[aria-label="business_days"]').fill('3');
  await complaint.locator('button').click();
  await complaint.locator('.saved').waitFor();
  let policies = await (await fetch(`${server.url}/api/v1/calendar/policies`)).json();
  assert.equal(policies.find((p) => p.kind === 'complaint').business_days, 3);

  // Grievances count in days by the Act; the manual's variant counts them in hours.
  const grievance = page.locator('#policies tr[data-kind="grievance"]');
  assert.equal(await grievance.locator('select[aria-label="period_unit"]').inputValue(), 'working_days');
  await grievance.locator('select[aria-label="period_unit"]').selectOption('working_hours');
  await grievance.locator('button').click();
  await grievance.locator('.saved').waitFor();
  policies = await (await fetch(`${server.url}/api/v1/calendar/policies`)).json();
  assert.equal(policies.find((p) => p.kind === 'grievance').period_unit, 'working_hours');
  assert.deepEqual(page.errors, []);

  // The public procedure page (no sign-in, linked from the homepage) states the new period.
  const visitor = await newPage(browser, { width: 390, height: 844 });
  await visitor.goto(server.url);
  await hydrated(visitor);
  await visitor.click('#procedure-link');
  await visitor.waitForURL(/\/procedure$/);
  const row = visitor.locator('#procedure-kinds li[data-kind="complaint"]');
  await row.locator('.procedure-period:has-text("3근무일 이내")').waitFor();
  assert.match(await row.innerText(), /접수 후 1근무일이 지나도/);
  assert.match(await visitor.locator('#procedure-kinds li[data-kind="grievance"]').innerText(), /근무시간으로 셉니다/);
  assert.match(await visitor.locator('#procedure-kinds li[data-kind="inquiry"]').innerText(), /바로 답변/);
  assert.match(await visitor.textContent('#procedure-hours'), /평일 09:00–18:00 \(12:00–13:00 제외\)/);
  assert.match(await visitor.textContent('#procedure-appeal'), /90일 안에.*10근무일 이내/);
  await axe(visitor, 'public procedure');
  await visitor.click('#lang-toggle');
  await row.locator('.procedure-period:has-text("Within 3 working days")').waitFor();
  assert.match(await visitor.textContent('#procedure-appeal'), /within 90 days/);
  await axe(visitor, 'public procedure in English');
  assert.deepEqual(visitor.errors, []);
});

test('an administrator imports holidays from an iCalendar file after a preview', async () => {
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/admin/calendar`);
  await hydrated(page);
  await page.waitForSelector('#holidays');
  for (let i = 0; i < 5 && !/2026년/.test(await page.textContent('#year')); i++) {
    const y = parseInt(await page.textContent('#year'), 10);
    await page.click(y > 2026 ? '#prev-year' : '#next-year');
  }
  await page.waitForSelector('#holidays tr[data-date="2026-09-25"]');

  // Something that is not a calendar is named as such; nothing changes.
  await page.fill('#import-ics', '<html>로그인</html>');
  await page.click('#preview-import');
  await page.waitForSelector('#ics-error:has-text("iCalendar")');

  const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//KO',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20260925', 'DTEND;VALUE=DATE:20260926', 'SUMMARY:추석', 'END:VEVENT',
    'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261111', 'DTEND;VALUE=DATE:20261112', 'SUMMARY:지방공사 창립기념일', 'END:VEVENT',
    'END:VCALENDAR', ''].join('\r\n');
  await page.setInputFiles('#import-file', { name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await page.waitForFunction(() => document.querySelector('#import-ics').value.includes('BEGIN:VCALENDAR'));
  await page.click('#preview-import');
  await page.waitForSelector('#import-preview');
  const preview = await page.textContent('#import-preview');
  assert.match(preview, /2026년 가져오기 미리 보기/);
  assert.match(preview, /추가 1일/);
  assert.match(preview, /2026-11-11 지방공사 창립기념일/);
  assert.match(preview, /파일에 없는 공휴일 \d+일 \(그대로 둡니다\)/);
  await axe(page, 'the holiday import preview');
  // The preview changed nothing.
  assert.equal(await page.locator('#holidays tr[data-date="2026-11-11"]').count(), 0);

  await page.click('#apply-import');
  await page.waitForSelector('#import-done:has-text("1일 추가")');
  await page.waitForSelector('#holidays tr[data-date="2026-11-11"]');
  assert.equal(await page.locator('#holidays tr[data-date="2026-12-25"]').count(), 1, 'not asked to remove');
  assert.deepEqual(page.errors, []);
});
