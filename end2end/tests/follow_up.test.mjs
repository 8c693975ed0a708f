// Follow-up in Chromium: the staff member concerned and compensation on the case page, an
// improvement request asked from the case and reported by the department head, and a
// consented answer published to the homepage's FAQ, personal data refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, axe, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  const r = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  admin = r.headers.get('set-cookie').split(';')[0];
  for (const [username, role, department] of [['handler', 'handler', 3], ['head', 'department_head', 3], ['manager', 'voc_manager', 1]]) {
    const u = await api('/api/v1/users', { username, password: 'long-enough-pw', display_name: `${username}님`, role, department }, admin);
    assert.equal(u.status, 201);
  }
});
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);

async function signedIn(username) {
  const page = await newPage(browser);
  await login(page, server.url, username, 'long-enough-pw');
  return page;
}

test('staff concerned and compensation are recorded on the case and reach the report', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '매표소 직원이 반말로 응대했습니다.' });
  assert.equal(filed.status, 201);
  const { id, receipt_no: receipt } = filed.body;

  const handler = await signedIn('handler');
  await handler.goto(`${base}/cases/${id}`);
  await hydrated(handler);
  await handler.click('#staff-form summary');
  // Nothing filled: both fields say why, in Korean first.
  await handler.click('#save-staff');
  await handler.waitForSelector('#staff_name-error:has-text("필수 입력 항목입니다")');
  await handler.waitForSelector('#cause-error:has-text("필수 입력 항목입니다")');
  await handler.fill('#staff-name', '박무뚝');
  await handler.click('#save-staff');
  await handler.waitForSelector('#cause-error:has-text("필수 입력 항목입니다")');
  assert.equal(await handler.inputValue('#staff-name'), '박무뚝', 'the name stays while the cause is missing');
  await handler.selectOption('#staff-cause', 'rudeness');
  await handler.check('#staff-training');
  await handler.click('#save-staff');
  await handler.waitForSelector('#staff-concerned:has-text("박무뚝 (관광사업팀) · 불친절 · CS 교육 대상")');
  assert.equal(await handler.locator('#compensation-form').count(), 0, 'handlers do not give compensation');

  const head = await signedIn('head');
  await head.goto(`${base}/cases/${id}`);
  await hydrated(head);
  await head.click('#compensation-form summary');
  await head.fill('#compensation-amount', '만원');
  await head.click('#save-compensation');
  await head.waitForSelector('#compensation-amount-error:has-text("1 이상")');
  await head.fill('#compensation-amount', '10,000');
  await head.selectOption('#compensation-reason', 'rudeness');
  await head.fill('#compensation-note', '사과 방문');
  await head.click('#save-compensation');
  await head.waitForSelector('#compensation-list li:has-text("불친절 신고 확인 · 상품권 10000원 · 사과 방문")');
  await head.waitForSelector('.history:has-text("보상 기록")');

  const manager = await signedIn('manager');
  await manager.goto(`${base}/reports`);
  await hydrated(manager);
  await manager.waitForSelector(`#compensations th:has-text("${receipt}")`);
  assert.match(await manager.textContent('#compensations'), /10000원/);
  assert.equal(await manager.getAttribute('#report-xlsx', 'href') !== null, true);
  for (const p of [handler, head, manager]) assert.deepEqual(p.errors, []);
});

test('an improvement asked from the case is reported by the head within its deadline', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', { kind: 'suggestion', channel: 'kiosk', facility: 'railbike', content: '대기 안내 방송이 매번 다릅니다.' });
  const { id, receipt_no: receipt } = filed.body;

  const manager = await signedIn('manager');
  await manager.goto(`${base}/cases/${id}`);
  await hydrated(manager);
  await manager.click('#ask-improvement');
  await manager.waitForURL(/\/improvements\?receipt_no=/);
  await hydrated(manager);
  await manager.waitForSelector('#improvement-department option[value="3"]', { state: 'attached' });
  assert.equal(await manager.inputValue('#improvement-receipt'), receipt, 'the case is filled in');
  await manager.fill('#improvement-title', '대기 안내 표준화');
  await manager.click('#send-improvement');
  await manager.waitForSelector('#department-error:has-text("필수 입력 항목입니다")');
  await manager.waitForSelector('#body-error:has-text("필수 입력 항목입니다")');
  assert.equal(await manager.inputValue('#improvement-title'), '대기 안내 표준화');
  await manager.selectOption('#improvement-department', '3');
  await manager.fill('#improvement-body', '대기 시간 안내 문구와 방송 원고를 하나로 정해 주세요.');
  await manager.click('#send-improvement');
  const item = manager.locator('#improvement-queue li.material').first();
  await item.waitFor();
  assert.match(await item.textContent(), /대기 안내 표준화 → 관광사업팀/);
  assert.match(await item.textContent(), /보고 기한 \d{4}-\d{2}-\d{2}/);
  assert.match(await item.textContent(), /부서장 보고 대기 중/);

  const head = await signedIn('head');
  await head.goto(`${base}/improvements`);
  await hydrated(head);
  const mine = head.locator('#improvement-queue li.material').first();
  await mine.waitFor();
  // The head extends it once, with a reason; then the offer is gone.
  await mine.locator('summary:has-text("회신 기한 연장")').click();
  await mine.locator('input[id^="improvement-extend-reason"]').fill('예산 편성 뒤 시행');
  const due = (await mine.textContent()).match(/보고 기한 (\d{4}-\d{2}-\d{2})/)[1];
  const later = new Date(`${due}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 30);
  await mine.locator('input[type="date"]').fill(later.toISOString().slice(0, 10));
  await mine.locator('button.extend-improvement-button').click();
  await head.waitForSelector(`#improvement-queue [id^="improvement-extended-"]:has-text("${due} →")`);
  assert.equal(await mine.locator('button.extend-improvement-button').count(), 0);
  await axe(head, 'the improvements page with an extended request');
  await mine.locator('button.report-improvement').click();
  await mine.locator('.field-error:has-text("필수 입력 항목입니다")').waitFor();
  await mine.locator('textarea').fill('안내 문구를 통일하고 방송 원고를 배포했습니다.');
  await mine.locator('button.report-improvement').click();
  await head.waitForSelector('#improvement-queue .answered:has-text("개선 완료")');

  await manager.goto(`${base}/cases/${id}`);
  await hydrated(manager);
  await manager.waitForSelector('#follow-up .improvement-list:has-text("개선 완료")');
  for (const p of [head, manager]) assert.deepEqual(p.errors, []);
});

test('a consented answer is published to the homepage FAQ without personal data, and withdrawn', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', {
    kind: 'inquiry', channel: 'kiosk', facility: 'railbike', content: '겨울에도 레일바이크 운영시간이 같나요?',
    name: '홍길동', phone: '010-2222-3333', consent: { sms: true, email: false, publish: true },
  });
  const { id } = filed.body;
  const answered = await api(`/api/v1/cases/${id}/answer`, { result: '11월부터 2월까지는 17시에 마감합니다.', basis: '운영 규정', appeal: '고객지원팀' }, admin);
  assert.equal(answered.status, 200, JSON.stringify(answered.body));

  const manager = await signedIn('manager');
  await manager.goto(`${base}/cases/${id}`);
  await hydrated(manager);
  await manager.click('#faq-form summary');
  assert.equal(await manager.inputValue('#faq-question'), '겨울에도 레일바이크 운영시간이 같나요?', 'prefilled from the case');
  assert.equal(await manager.inputValue('#faq-answer'), '11월부터 2월까지는 17시에 마감합니다.');
  await manager.fill('#faq-answer', '11월부터 2월까지는 17시에 마감합니다. 문의 010-2222-3333');
  await manager.click('#publish-faq');
  await manager.waitForSelector('#answer-error:has-text("전화번호")');
  // The name is only known in full to the server: it refuses it there.
  await manager.fill('#faq-answer', '홍길동 님, 11월부터 2월까지는 17시에 마감합니다.');
  await manager.click('#publish-faq');
  await manager.waitForSelector('#answer-error:has-text("민원인 성명")');
  await manager.fill('#faq-answer', '11월부터 2월까지는 17시에 마감합니다.');
  await manager.click('#publish-faq');
  await manager.waitForSelector('#faq-state:has-text("FAQ 게시 중")');

  const visitor = await newPage(browser, { width: 390, height: 844 });
  await visitor.goto(`${base}/`);
  await hydrated(visitor);
  const entry = visitor.locator('#faq details.faq-entry').first();
  await entry.waitFor();
  await entry.locator('summary').click();
  assert.match(await entry.textContent(), /17시에 마감합니다/);
  assert.doesNotMatch(await visitor.textContent('#faq'), /홍길동|010-|VOC-/);

  await manager.click('#withdraw-faq');
  await manager.waitForSelector('#faq-form');
  const loaded = visitor.waitForResponse((r) => r.url().endsWith('/api/v1/faq'));
  await visitor.reload();
  await loaded;
  await hydrated(visitor);
  await visitor.waitForTimeout(200); // one render after the empty list arrived
  assert.equal(await visitor.locator('#faq').count(), 0, 'withdrawn entries leave the homepage');
  for (const p of [manager, visitor]) assert.deepEqual(p.errors, []);
});

test('a grievance is worked through its stages in order on the case page', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', { kind: 'grievance', channel: 'kiosk', facility: 'railbike', content: '안전요원의 이용 제한 처분이 부당합니다.' });
  assert.equal(filed.status, 201);
  const manager = await signedIn('manager');
  await manager.goto(`${base}/cases/${filed.body.id}`);
  await hydrated(manager);
  await manager.waitForSelector('#grievance-investigation:has-text("대기")');
  // Only the investigation can be recorded first.
  assert.deepEqual(await manager.locator('#grievance-stage option').allTextContents(), ['조사']);
  await manager.click('#record-grievance');
  await manager.waitForSelector('#grievance-note-error:has-text("필수 입력 항목입니다")');
  await manager.fill('#grievance-note', '현장 기록과 CCTV를 검토했습니다.');
  await manager.click('#record-grievance');
  await manager.waitForSelector('#grievance-investigation.done:has-text("CCTV")');
  assert.deepEqual(await manager.locator('#grievance-stage option').allTextContents(), ['심의', '감사 의뢰']);
  await manager.selectOption('#grievance-stage', 'deliberation');
  await manager.fill('#grievance-note', '처분 취소와 안내 개선 의견');
  // The deliberation states its opinion: refused without one, what was typed kept.
  await manager.click('#record-grievance');
  await manager.waitForSelector('#grievance-opinion-error:has-text("필수 입력 항목입니다")');
  assert.equal(await manager.inputValue('#grievance-note'), '처분 취소와 안내 개선 의견');
  await manager.selectOption('#grievance-opinion', 'improvement');
  await manager.click('#record-grievance');
  await manager.waitForSelector('#grievance-deliberation.done:has-text("제도개선 의견 표명")');
  assert.deepEqual(await manager.locator('#grievance-stage option').allTextContents(), ['제도개선', '감사 의뢰']);
  // The improvement stage asks the chosen department for an improvement, due in three months.
  await manager.selectOption('#grievance-stage', 'improvement');
  await manager.waitForSelector('#grievance-department option[value="3"]', { state: 'attached' });
  await manager.selectOption('#grievance-department', '3');
  await manager.fill('#grievance-note', '이용 제한 기준을 안내판에 게시');
  await manager.click('#record-grievance');
  await manager.waitForSelector('#grievance-improvement.done:has-text("관광사업팀")');
  await manager.waitForSelector(`#follow-up .improvement-list:has-text("고충민원 ${filed.body.receipt_no} 제도개선")`);
  await axe(manager, 'the grievance stages with an improvement asked');
  await manager.waitForSelector('.history:has-text("고충 처리")');
  assert.deepEqual(manager.errors, []);
});
