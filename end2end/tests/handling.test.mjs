// The officers' lifecycle in Chromium, each step by its own role in its own browser:
// route → assign → pause → resume → draft → approve → result notice → reopen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, statusIs, axe, api as call } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);

test('route, assign, pause, resume, draft, approve, notify, reopen', async () => {
  const base = server.url;
  const adminLogin = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const admin = adminLogin.headers.get('set-cookie').split(';')[0];
  for (const [username, role, department] of [['manager', 'voc_manager', 1], ['handler', 'handler', 3], ['head', 'department_head', 3]]) {
    const r = await api('/api/v1/users', { username, password: 'long-enough-pw', display_name: `${username}님`, role, department }, admin);
    assert.equal(r.status, 201);
  }
  // No facility: no rule matches, the case waits for the VOC manager.
  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'mobile', content: '관광안내소 직원의 설명이 틀렸습니다. 확인 부탁드립니다.' });
  assert.equal(filed.status, 201);
  const { id, receipt_no: receipt, tracking_token: token } = filed.body;
  const casePage = `${base}/cases/${id}`;

  const manager = await newPage(browser);
  await login(manager, base, 'manager', 'long-enough-pw');
  await manager.click('[data-view="unrouted"]');
  await manager.waitForSelector(`tr[data-receipt="${receipt}"]`);
  // The filters narrow the list in place: not an inquiry; yes, without a department.
  await manager.selectOption('#filter-kind', 'inquiry');
  await manager.waitForSelector(`tr[data-receipt="${receipt}"]`, { state: 'detached' });
  await manager.selectOption('#filter-kind', '');
  await manager.selectOption('#filter-department', 'none');
  await manager.waitForSelector(`tr[data-receipt="${receipt}"]`);
  await manager.selectOption('#filter-channel', 'kiosk');
  await manager.waitForSelector(`tr[data-receipt="${receipt}"]`, { state: 'detached' });
  await manager.selectOption('#filter-channel', 'mobile');
  await manager.waitForSelector(`tr[data-receipt="${receipt}"]`);
  await manager.goto(casePage);
  await hydrated(manager);
  await manager.waitForSelector('#route-department option[value="3"]', { state: 'attached' });
  assert.match(await manager.textContent('#case-department'), /미배정/);
  await manager.selectOption('#route-department', '3');
  await manager.fill('#route-reason', '관광 안내 업무');
  await manager.click('#route');
  await manager.waitForSelector('#case-department:has-text("관광사업팀")');

  const head = await newPage(browser);
  await login(head, base, 'head', 'long-enough-pw');
  await head.goto(casePage);
  await hydrated(head);
  // A pick-list of the department's people by name; choosing nobody is named on the field.
  await head.click('#assign');
  await head.waitForSelector('#assign-user-error:has-text("알 수 없는 사용자")');
  const names = await head.locator('#assign-user option').allTextContents();
  assert.ok(names.some((n) => n.startsWith('handler님')) && names.some((n) => n.startsWith('head님')), names.join(' | '));
  assert.ok(!names.some((n) => n.startsWith('manager님')), 'another department is not offered');
  const pick = await head.locator('#assign-user option', { hasText: 'handler님' }).getAttribute('value');
  await head.selectOption('#assign-user', pick);
  await head.click('#assign');
  await head.waitForSelector('#case-assignee:has-text("handler님")');

  const handler = await newPage(browser);
  await login(handler, base, 'handler', 'long-enough-pw');
  await handler.click('[data-view="mine"]');
  await handler.waitForSelector(`tr[data-receipt="${receipt}"]`);
  await handler.goto(casePage);
  await hydrated(handler);
  await handler.click('.pause-form summary');
  await handler.selectOption('#pause-reason', 'awaiting_complainant');
  await handler.fill('#pause-note', '안내 받은 시각 확인 요청');
  await handler.click('#pause');
  await handler.waitForSelector('#case-status:has-text("처리중지")');
  await handler.click('#resume');
  await statusIs(handler, '처리중');
  // A complaint needs the head's approval: the handler drafts.
  assert.equal(await handler.locator('#send-answer').count(), 0, 'no direct answer for a handler');
  await handler.selectOption('#draft-decision', 'partly_accepted');
  await handler.fill('#draft-result', '안내 자료를 고치고 직원 교육을 했습니다.');
  await handler.fill('#draft-basis', '관광안내소 운영지침 제4조');
  await handler.fill('#draft-appeal', '30일 이내 혁신안전팀에 이의신청할 수 있습니다.');
  await handler.click('#send-draft');
  await handler.waitForSelector('#case-status:has-text("결재대기")');

  await head.reload();
  await hydrated(head);
  await head.waitForSelector('#approval');
  assert.match(await head.textContent('#approval'), /일부수용/);
  // Approving closes the case and tells the complainant: asked first, and "cancel" does nothing.
  head.refuseDialogs = true;
  await head.click('#approve');
  await head.waitForLoadState('networkidle');
  assert.match(await head.textContent('#case-status'), /결재대기/);
  head.refuseDialogs = false;
  await head.click('#approve');
  await head.waitForSelector('#case-status:has-text("종결")');
  assert.equal(head.dialogs.length, 2);
  assert.match(head.dialogs[1], /민원이 종결되고 민원인에게 결과가 통지됩니다/);

  // The result notice: the complainant reads the answer with its basis and appeal route.
  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${base}/track/${receipt}?token=${token}`);
  await phone.waitForSelector('#answer-result');
  assert.match(await phone.textContent('#answer-result'), /안내 자료를 고치고/);
  assert.match(await phone.textContent('.answer-view'), /운영지침 제4조/);

  // Re-investigation: the VOC manager reopens; the first answer stays on record.
  await manager.reload();
  await hydrated(manager);
  await manager.fill('#reopen-text', '민원인이 같은 문제를 다시 제기');
  await manager.click('#reopen');
  await manager.waitForSelector('#case-status:has-text("처리중")');
  assert.equal(await manager.locator('#answer-rounds tbody tr').count(), 1);
  const history = await manager.textContent('.history');
  for (const step of ['부서 지정', '담당자 지정', '처리 중지', '처리 재개', '답변안 작성', '결재 승인', '재조사 요구']) {
    assert.match(history, new RegExp(step), `${step} in the history`);
  }
  for (const p of [manager, head, handler, phone]) assert.deepEqual(p.errors, [], `browser errors on ${p.url()}`);
});

test('the VOC office corrects a case filed under the wrong kind: new due, routed by the rule it now meets', async () => {
  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'homepage', content: '미로공원 주차장 운영 시간이 궁금합니다', phone: '010-2222-4444', consent: { sms: true } });
  assert.equal(filed.status, 201);
  const { id, due_at: complaintDue } = filed.body;
  const page = await newPage(browser);
  await login(page, server.url);
  await page.goto(`${server.url}/cases/${id}`);
  await hydrated(page);
  await page.click('summary:has-text("분류 고치기")');
  // The form starts at what the case holds; no reason is named on its field, nothing else lost.
  await page.waitForFunction(() => document.querySelector('#classify-kind')?.value === 'complaint');
  await page.selectOption('#classify-kind', 'inquiry');
  await page.selectOption('#classify-facility', 'maze');
  await page.selectOption('#classify-category', 'qna');
  await page.click('#classify-send');
  await page.waitForSelector('#classify-reason[aria-invalid="true"]');
  assert.equal(await page.inputValue('#classify-kind'), 'inquiry', 'nothing chosen is lost');
  await page.fill('#classify-reason', '문의를 불만으로 잘못 골랐음');
  await page.click('#classify-send');
  await page.waitForSelector('.history li:has-text("분류 수정")');
  const history = await page.textContent('.history');
  assert.match(history, /불만 · 홈페이지 · 시설 없음 · 분류 없음 → 문의 · 홈페이지 · 시설 문경새재 미로공원 · 분류 질의응답/);
  assert.match(history, /처리기한 재계산\(유형 변경\)/);
  assert.match(await page.textContent('#case-department'), /문화사업팀/);
  const after = await (await page.request.get(`${server.url}/api/v1/cases/${id}`)).json();
  assert.equal(after.kind, 'inquiry');
  assert.ok(after.due_at < complaintDue, `an inquiry is due sooner: ${after.due_at} < ${complaintDue}`);
  assert.deepEqual(page.errors, []);
});

test('an administrator keeps an answer template, and the answer form fills from it for the case', async () => {
  const page = await newPage(browser);
  await login(page, server.url);
  await page.click('nav a[href="/admin/answer-templates"]');
  await page.waitForURL(/\/admin\/answer-templates$/);
  await hydrated(page);
  await page.waitForSelector('#no-templates');
  await page.selectOption('#template-kind', 'complaint');
  await page.fill('#template-title', '시설 고장 수리');
  await page.fill('#template-result', '{name}님, {receipt_no} 민원의 {facility} 고장을 수리했습니다. 비밀번호 {password}');
  await page.fill('#template-basis', '{facility} 운영 규정 제5조');
  await page.fill('#template-appeal', '결과를 받은 날부터 90일 이내에 이의신청할 수 있습니다.');
  await page.click('#save-template');
  // The unknown variable is named before anything is sent; what was typed stays.
  await page.waitForSelector('#template-result-error:has-text("{password}")');
  assert.equal(await page.inputValue('#template-title'), '시설 고장 수리');
  await page.fill('#template-result', '{name}님, {receipt_no} 민원의 {facility} 고장을 수리했습니다.');
  await page.click('#save-template');
  await page.waitForSelector('#template-saved');
  await page.waitForSelector('#templates tr[data-template="시설 고장 수리"]:has-text("불만")');
  assert.match(await page.textContent('#template-variables'), /\{receipt_no\}/);
  await axe(page, 'answer templates');

  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'homepage', facility: 'railbike', name: '홍길동', content: '레일바이크 바퀴가 고장났습니다' });
  assert.equal(filed.status, 201);
  await page.goto(`${server.url}/cases/${filed.body.id}`);
  await hydrated(page);
  await page.waitForSelector('#answer-template option:has-text("시설 고장 수리")', { state: 'attached' });
  await page.fill('#result', '직접 쓰던 답변');
  await page.selectOption('#answer-template', { label: '시설 고장 수리' });
  // Typed text is replaced only after asking; then the three texts come filled from the case.
  await page.waitForFunction(() => document.querySelector('#result')?.value.startsWith('홍길동님'));
  assert.ok(page.dialogs.some((d) => d.includes('서식 내용으로 바꿉니다')), `asked first: ${page.dialogs}`);
  assert.equal(await page.inputValue('#result'), `홍길동님, ${filed.body.receipt_no} 민원의 철로자전거 고장을 수리했습니다.`);
  assert.equal(await page.inputValue('#basis'), '철로자전거 운영 규정 제5조');
  assert.deepEqual(page.errors, []);
});
