// The CCM management cycle in Chromium: a dissatisfied survey response reaches the VOC
// manager's queue and its follow-up page, is followed up, and sends the case back to work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, axe, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  const r = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  admin = r.headers.get('set-cookie').split(';')[0];
  const u = await api('/api/v1/users', { username: 'manager', password: 'long-enough-pw', display_name: '관리자님', role: 'voc_manager', department: 1 }, admin);
  assert.equal(u.status, 201);
});
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);

async function signedIn(username) {
  const page = await newPage(browser);
  await login(page, server.url, username, 'long-enough-pw');
  return page;
}

const scores = (overall, result) => ({
  answers: { ease: 4, interim_notice: 4, proactiveness: 4, courtesy: 4, timeliness: 4, result, overall },
  comment: '답변이 형식적입니다',
});

test('a dissatisfied response is followed up from the queue and reopens the case', async () => {
  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'homepage', facility: 'railbike', content: '레일바이크 안전벨트가 헐거워요', email: 'a@example.com', consent: { email: true } });
  assert.equal(filed.status, 201);
  const { id, receipt_no: receipt, tracking_token: token } = filed.body;
  const answered = await api(`/api/v1/cases/${id}/answer`, { result: '안전벨트를 점검했습니다.', basis: '안전 점검 규정', appeal: '90일 안에 이의신청' }, admin);
  assert.equal(answered.status, 200);
  const survey = (await api(`/api/v1/cases/${receipt}?token=${token}`)).body.survey_path;
  const sent = await api(`/api/v1/surveys/${survey.split('/survey/')[1]}`, scores(2, 1));
  assert.equal(sent.status, 201);

  const page = await signedIn('manager');
  await page.waitForSelector('#follow-up-alert:has-text("불만족 추가 답변 1건 대기")');
  await page.click('#follow-up-alert a');
  await page.waitForURL(/\/survey-follow-ups$/);
  await hydrated(page);
  const item = page.locator('#follow-up-list li').first();
  await item.locator('text=답변이 형식적입니다').waitFor();
  assert.match(await item.innerText(), /전반적 만족도 2 · 처리결과 만족도 1/);
  assert.match(await item.innerText(), /남은 시간 \d+:\d\d:\d\d|기한 경과/);
  await axe(page, 'survey follow-ups');

  // Nothing said: the note is asked for; what was chosen stays.
  await item.locator('select').selectOption('visited');
  await item.locator('.record-follow-up').click();
  await page.waitForSelector('[id$="-error"]:has-text("필수 입력 항목입니다")');
  assert.equal(await item.locator('select').inputValue(), 'visited');
  await item.locator('textarea').fill('방문 면담: 벨트 교체 일정을 다시 검토하기로 함');
  await item.locator('input[type=checkbox]').check();
  await item.locator('.record-follow-up').click();
  await page.waitForSelector('#follow-up-list .answered:has-text("방문·면담")');
  await page.waitForSelector('#follow-up-list .answered:has-text("재조사로 되돌림")');
  await page.waitForSelector('#follow-up-count:has-text("0")');

  const back = await api(`/api/v1/cases/${id}`, undefined, admin);
  assert.equal(back.body.status, 'in_progress', 'the case is back at work');
  await page.goto(`${server.url}/queue`);
  await hydrated(page);
  await page.waitForSelector(`text=${receipt}`);
  assert.equal(await page.locator('#follow-up-alert').count(), 0, 'nothing waits any more');
});

test('the KPI dashboard shows figures against targets an administrator sets, readable without colour', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'admin', ADMIN_PASSWORD);
  await page.goto(`${server.url}/kpi`);
  await hydrated(page);
  await page.waitForSelector('#kpi-overall tr[data-kpi="deadline_compliance"]');
  await page.waitForSelector('#kpi-targets');
  // A rate out of range is named under its field; the others stay as typed.
  await page.fill('#target-deadline_compliance', '150');
  await page.fill('#target-satisfaction_overall', '4.2');
  await page.click('#save-targets');
  await page.waitForSelector('#target-deadline_compliance-error:has-text("범위")');
  assert.equal(await page.inputValue('#target-satisfaction_overall'), '4.2');
  await page.fill('#target-deadline_compliance', '95');
  await page.click('#save-targets');
  await page.waitForSelector('#targets-saved');
  const row = page.locator('#kpi-overall tr[data-kpi="deadline_compliance"]');
  await row.locator('td.target:has-text("95.0 %")').waitFor();
  // Every figure says its state in words, not by colour alone.
  const year = row.locator('td').nth(1);
  assert.match(await year.innerText(), /[●◐○]|–/);
  assert.match(await row.locator('td.state').innerText(), /달성|근접|미달|목표 없음|자료 없음/);
  const saved = await api('/api/v1/kpi/targets/' + new Date().getFullYear(), undefined, admin);
  assert.equal(saved.body.overall.deadline_compliance, 0.95);
  assert.equal(saved.body.overall.satisfaction_overall, 4.2);
  // A department's own target.
  await page.selectOption('#target-scope', '3');
  assert.equal(await page.inputValue('#target-deadline_compliance'), '');
  await page.fill('#target-deadline_compliance', '80');
  await page.click('#save-targets');
  await page.waitForSelector('#targets-saved');
  await page.selectOption('#kpi-department', '3');
  await page.locator('#kpi-department-table tr[data-kpi="deadline_compliance"] td.target:has-text("80.0 %")').waitFor();
  await axe(page, 'KPI dashboard');
  // The organisation's targets stayed.
  const both = await api('/api/v1/kpi/targets/' + new Date().getFullYear(), undefined, admin);
  assert.equal(both.body.overall.deadline_compliance, 0.95);
  assert.equal(both.body.departments['3'].deadline_compliance, 0.8);
});

test('the public statistics page is linked from the homepage, needs no sign-in and passes axe', async () => {
  const page = await newPage(browser, { width: 390, height: 844 });
  await page.goto(server.url);
  await hydrated(page);
  await page.click('#statistics-link');
  await page.waitForURL(/\/statistics$/);
  await page.waitForSelector('#statistics-table');
  const total = page.locator('#statistics-table tr.total');
  assert.match(await total.innerText(), /합계/);
  assert.ok(Number((await total.locator('td').first().innerText()).trim()) >= 1, 'the cases of this year are counted');
  assert.equal(await page.locator('text=example.com').count(), 0, 'no personal data');
  await axe(page, 'public statistics');
  await page.click('#lang-toggle');
  await page.waitForSelector('#statistics-table tr.total:has-text("Total")');
  await axe(page, 'public statistics in English');
});

test('a department head reads their own department\'s report; the VOC manager may choose one', async () => {
  const u = await api('/api/v1/users', { username: 'tourhead', password: 'long-enough-pw', display_name: '관광팀장', role: 'department_head', department: 3 }, admin);
  assert.equal(u.status, 201);
  const head = await signedIn('tourhead');
  await head.goto(`${server.url}/reports`);
  await hydrated(head);
  await head.waitForSelector('#report-whose:has-text("관광사업팀 (부서 보고서)")');
  await head.waitForSelector('#report-cards');
  assert.equal(await head.locator('#cases-csv').count(), 0, 'the case lists are not theirs');
  assert.equal(await head.locator('#report-department').count(), 0);
  await axe(head, 'department report');

  const manager = await signedIn('manager');
  await manager.goto(`${server.url}/reports`);
  await hydrated(manager);
  await manager.waitForSelector('#report-whose:has-text("기관 전체")');
  await manager.waitForSelector('#report-department option[value="3"]', { state: 'attached' });
  await manager.selectOption('#report-department', '3');
  await manager.waitForSelector('#report-whose:has-text("관광사업팀")');
  assert.match(await manager.getAttribute('#report-csv', 'href'), /department=3/);
  // The department's survey comments, the dissatisfied ones on their own.
  await manager.waitForSelector('#survey-comments blockquote:has-text("답변이 형식적입니다")');
  await manager.check('#comments-low-only');
  await manager.waitForSelector('#survey-comments blockquote:has-text("답변이 형식적입니다")');
  // The department's survey results broken down: by kind first, then by month on request.
  await manager.waitForSelector('#survey-breakdown-table tbody tr th:has-text("불만")');
  await manager.selectOption('#survey-breakdown-by', 'monthly');
  await manager.waitForSelector('#survey-breakdown-table tbody tr th >> text=/^\\d{4}-\\d{2}$/');
  await axe(manager, 'report with comments');
});

test('training records: a course added, a session recorded, and who is overdue follows; axe clean', async () => {
  const u = await api('/api/v1/users', { username: 'trainee', password: 'long-enough-pw', display_name: '교육생', role: 'handler', department: 3 }, admin);
  assert.equal(u.status, 201);
  const page = await signedIn('manager');
  await page.goto(`${server.url}/training`);
  await hydrated(page);
  await page.waitForSelector('#completion-table tr[data-department="3"]');
  // A bad course: each field says what is wrong, and what was typed stays.
  await page.fill('#course-title', 'VOC 처리 실무');
  await page.fill('#course-hours', '세 시간');
  await page.fill('#course-due', '02-30');
  await page.click('#save-course');
  await page.waitForSelector('#course-hours-error:not(:empty)');
  await page.waitForSelector('#course-due-error:not(:empty)');
  assert.equal(await page.inputValue('#course-title'), 'VOC 처리 실무');
  // Due on 1 January: past for every day of the year but the first.
  await page.fill('#course-hours', '3');
  await page.fill('#course-due', '01-01');
  await page.selectOption('#course-kind', 'voc_handling');
  await page.check('#course-role-handler');
  await page.click('#save-course');
  await page.waitForSelector('#course-saved');
  await page.waitForSelector('#courses-table th:has-text("VOC 처리 실무")');
  const seoul = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  const firstOfJanuary = seoul.endsWith('-01-01');
  const overdueRow = page.locator('#overdue-table tr', { hasText: '교육생' }).filter({ hasText: 'VOC 처리 실무' });
  if (!firstOfJanuary) await overdueRow.waitFor();
  // The session: today's, attended by the trainee; the requirement is then done.
  const o = await api('/api/v1/training', undefined, admin);
  const trainee = o.body.staff.find((s) => s.username === 'trainee').user_id;
  await page.selectOption('#session-course', { label: 'VOC 처리 실무' });
  await page.fill('#session-held-on', seoul);
  await page.fill('#session-place', '본관 교육장');
  await page.check(`#attendee-${trainee}`);
  await page.click('#save-session');
  await page.waitForSelector('#session-saved');
  await page.waitForSelector('#session-list h3:has-text("VOC 처리 실무")');
  await overdueRow.waitFor({ state: 'detached' });
  const overdue = await api('/api/v1/training/overdue', undefined, admin);
  assert.ok(!overdue.body.items.some((i) => i.name === '교육생' && i.what === 'VOC 처리 실무'));
  await axe(page, 'training records');
});

test('the quarterly evaluation: opened with its figures, refused incomplete, submitted, acknowledged by the head; axe clean', async () => {
  const u = await api('/api/v1/users', { username: 'evalhead', password: 'long-enough-pw', display_name: '관광팀장', role: 'department_head', department: 3 }, admin);
  assert.equal(u.status, 201);
  const page = await signedIn('manager');
  await page.goto(`${server.url}/evaluations`);
  await hydrated(page);
  await page.waitForSelector('#open-evaluation');
  // The quarter evaluated now is preselected; no department chosen is named under its field.
  await page.click('#start-evaluation');
  await page.waitForSelector('#evaluation-department-error:not(:empty)');
  await page.selectOption('#evaluation-department', '3');
  await page.click('#start-evaluation');
  await page.waitForURL(/\/evaluations\/\d+$/);
  await page.waitForSelector('#evaluation-figures');
  await page.waitForSelector('#evaluation-form');
  // Submitting needs every score and the plan; what was typed stays.
  await page.selectOption('#score-prevention', '4');
  await page.fill('#comment-prevention', '재발 방지 대책을 세웠습니다');
  await page.click('#submit-evaluation');
  await page.waitForSelector('#score-training-error:not(:empty)');
  await page.waitForSelector('#evaluation-plan-input-error:not(:empty)');
  assert.equal(await page.inputValue('#comment-prevention'), '재발 방지 대책을 세웠습니다');
  for (const item of ['cause_recorded', 'compliance', 'communication', 'awareness', 'training']) {
    await page.selectOption(`#score-${item}`, '5');
  }
  await page.fill('#evaluation-plan-input', '안내 방송 설비 교체');
  await axe(page, 'evaluation form');
  await page.click('#submit-evaluation');
  await page.waitForSelector('#evaluation-state:has-text("부서장 확인 대기")');
  await page.waitForSelector('#evaluation-form', { state: 'detached' });
  const url = page.url();

  const head = await signedIn('evalhead');
  await head.goto(url);
  await hydrated(head);
  await head.waitForSelector('#acknowledge-form');
  await head.fill('#acknowledge-note', '설비 교체 예산을 요청하겠습니다');
  await head.click('#acknowledge-evaluation');
  await head.waitForSelector('#evaluation-acknowledged:has-text("설비 교체 예산")');
  await head.waitForSelector('#evaluation-state:has-text("부서장 확인 완료")');
  await axe(head, 'acknowledged evaluation');
  const id = url.split('/').pop();
  const pdf = await fetch(`${server.url}/api/v1/evaluations/${id}/evaluation.pdf`, { headers: { cookie: admin } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
});

test('the annual reduction plan: targets refused field by field, a measure added, reported and then fixed; axe clean', async () => {
  const page = await signedIn('manager');
  await page.goto(`${server.url}/reduction-plans`);
  await hydrated(page);
  await page.waitForSelector('#plan-table tr[data-department="3"]');
  await page.click('#open-plan-3');
  await page.waitForSelector('#plan-detail[data-department="3"]');
  await page.waitForSelector('#plan-form');
  // A target that is no number, and reporting without a measure: each named where it is.
  await page.fill('#plan-target-1', '5');
  await page.fill('#plan-target-2', '다섯');
  await page.fill('#plan-target-3', '4');
  await page.fill('#plan-target-4', '3');
  await page.fill('#plan-analysis-input', '성수기 대기 불만이 절반을 넘음');
  await page.click('#report-plan');
  await page.waitForSelector('#plan-target-2-error:not(:empty)');
  await page.waitForSelector('#plan-measures-error:not(:empty)');
  assert.equal(await page.inputValue('#plan-analysis-input'), '성수기 대기 불만이 절반을 넘음');
  await page.fill('#plan-target-2', '6');
  await page.click('#add-measure');
  await page.fill('#measure-0-issue', '대기시간');
  await page.fill('#measure-0-action', '예약제 도입');
  await page.fill('#measure-0-owner', '관광사업팀');
  await page.fill('#measure-0-due', '2026-13-01');
  await page.click('#save-plan');
  await page.waitForSelector('#measure-0-due-error:not(:empty)');
  await page.fill('#measure-0-due', '2026-06-30');
  await page.click('#save-plan');
  await page.waitForSelector('#plan-saved:has-text("저장했습니다")');
  await page.waitForSelector('#plan-measures td:has-text("예약제 도입")');
  await page.waitForSelector('#plan-table tr[data-department="3"] td:has-text("작성 중")');
  await axe(page, 'reduction plan form');
  await page.click('#report-plan');
  await page.waitForSelector('#plan-reported:has-text("경영진 보고")');
  await page.waitForSelector('#plan-form', { state: 'detached' });
  await page.waitForSelector('#plan-table tr[data-department="3"] td:has-text("경영진 보고 완료")');
  assert.match(await page.locator('#plan-table tr[data-department="3"]').innerText(), /18/, 'the year target is the quarters together');
  await axe(page, 'reported reduction plan');
});

test('recurring causes: what grew and the words complaints repeat; a stop-word takes a word out at once; axe clean', async () => {
  for (const content of ['주차장이 좁아서 불편합니다', '주차장 안내가 없어요', '화장실 청소가 안 되어 있어요']) {
    // Staff set the category (the Mungyeong profile offers none to complainants).
    const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'homepage', facility: 'camping', category: 'improvement', content }, admin);
    assert.equal(filed.status, 201);
  }
  const manager = await signedIn('manager');
  await manager.goto(`${server.url}/reports`);
  await hydrated(manager);
  // This month against the one before, in which nothing was received: everything is new.
  await manager.waitForSelector('#recurring-compared');
  await manager.waitForSelector('#risers-facility tbody tr:has-text("국민여가캠핑장"):has-text("신규")');
  await manager.waitForSelector('#recurring-words tbody th:text-is("주차장")');
  await manager.selectOption('#recurring-group', 'improvement');
  await manager.waitForSelector('#recurring-words tbody th:text-is("주차장")');
  await axe(manager, 'recurring causes');

  await manager.click('#stop-words-form summary');
  const words = await manager.inputValue('#stop-words');
  assert.match(words, /너무/, 'the installation\'s stop-words');
  await manager.fill('#stop-words', `${words} ${'가'.repeat(21)}`);
  await manager.click('#stop-words-save');
  await manager.waitForSelector('#stop_words-error:has-text("20자 이하")');
  assert.equal(await manager.inputValue('#stop-words'), `${words} ${'가'.repeat(21)}`, 'what was typed stays');
  await manager.fill('#stop-words', `${words} 주차장`);
  await manager.click('#stop-words-save');
  await manager.waitForSelector('#stop-words-saved');
  await manager.waitForSelector('#recurring-words tbody th:text-is("주차장")', { state: 'detached' });
  assert.match(await manager.inputValue('#stop-words'), /주차장/);
});
