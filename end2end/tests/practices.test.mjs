// The good-practice library and the awards in Chromium: a handler proposes a closed case from
// the case page (the complainant's name refused by the server, what was typed kept), the VOC
// manager shares it from the library, records an award from a candidate's row, and a handler
// reads both without the VOC office's forms; the VOC manager appoints a panel member (the
// consent day required), sees their contacts only for a purpose, records a citizen panel
// session with that member present, corrects it, and its department reports the follow-up done.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, axe, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser, admin;
before(async () => {
  server = await startServer();
  browser = await launch();
  const r = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  admin = r.headers.get('set-cookie').split(';')[0];
  for (const [username, role, department] of [['handler', 'handler', 3], ['manager', 'voc_manager', 1]]) {
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

test('a closed case is proposed, shared from the library and backs an award', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', { kind: 'praise', channel: 'kiosk', facility: 'railbike', name: '홍길동', content: '김친절 직원이 휠체어를 밀어 주셨어요.' });
  assert.equal(filed.status, 201);
  const { id } = filed.body;
  const put = await fetch(`${base}/api/v1/cases/${id}/staff`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie: admin }, body: JSON.stringify({ staff_name: '김친절' }) });
  assert.equal(put.status, 200);
  const answered = await api(`/api/v1/cases/${id}/answer`, { result: '칭찬을 직원에게 전했습니다.', basis: '고객 칭찬 처리 지침', appeal: '90일 안에 이의신청' }, admin);
  assert.equal(answered.status, 200);

  // The handler proposes from the case page; the praised staff member is filled in.
  const handler = await signedIn('handler');
  await handler.goto(`${base}/cases/${id}`);
  await hydrated(handler);
  await handler.click('#practice-form summary');
  assert.equal(await handler.inputValue('#practice-staff'), '김친절');
  await handler.click('#propose-practice');
  await handler.waitForSelector('#practice-title-error:has-text("필수 입력 항목입니다")');
  await handler.fill('#practice-title', '휠체어 이용객 동행 안내');
  await handler.fill('#practice-situation', '홍길동 님이 승차장을 찾지 못했습니다.');
  await handler.fill('#practice-action', '직원이 승차장까지 동행하고 경사로 안내판을 설치했습니다.');
  await handler.fill('#practice-lesson', '이동 약자의 동선을 현장에서 다시 점검합니다.');
  await handler.click('#propose-practice');
  // Only the server knows the complainant's name; what was typed stays.
  await handler.waitForSelector('#practice-situation-error:has-text("지우거나 바꿔")');
  assert.equal(await handler.inputValue('#practice-title'), '휠체어 이용객 동행 안내');
  await handler.fill('#practice-situation', '휠체어 이용객이 승차장을 찾지 못했습니다.');
  await handler.click('#propose-practice');
  await handler.waitForSelector('#case-practice[data-state="proposed"]:has-text("추천됨")');
  assert.equal(await handler.locator('#practice-form').count(), 0, 'proposed once');

  // The VOC manager shares it from the library.
  const manager = await signedIn('manager');
  await manager.click('nav a[href="/good-practices"]');
  await manager.waitForURL(/\/good-practices$/);
  await hydrated(manager);
  await manager.waitForSelector('#practice-waiting:has-text("검토를 기다리는 추천 1건")');
  const card = manager.locator('#practice-list li').first();
  assert.match(await card.innerText(), /관광사업팀 · 칭찬 직원 김친절/);
  await axe(manager, 'good-practice library');
  await card.locator('button:has-text("채택하지 않음")').click();
  await manager.waitForSelector('[id^="decline-reason-"][id$="-error"]:has-text("필수 입력 항목입니다")');
  await card.locator('button:has-text("전 직원과 공유")').click();
  await manager.waitForSelector('#practice-list li[data-state="shared"]');
  assert.equal(await manager.locator('#practice-waiting').count(), 0);

  // The awards: the candidate's row fills the form.
  await manager.click('nav a[href="/awards"]');
  await manager.waitForURL(/\/awards$/);
  await hydrated(manager);
  await manager.waitForSelector('#award-empty');
  const staffRow = manager.locator('#candidate-table tr[data-candidate="staff"]').first();
  assert.match(await staffRow.innerText(), /김친절 \(관광사업팀\)\s+1\s+1/);
  await staffRow.locator('button').click();
  assert.equal(await manager.inputValue('#award-staff'), '김친절');
  assert.equal(await manager.inputValue('#award-grounds'), '칭찬 민원 1건, 공유된 우수사례 1건');
  await manager.click('#record-award');
  await manager.waitForSelector('#award-honour-error:has-text("필수 입력 항목입니다")');
  await manager.fill('#award-honour', '이사장 표창');
  await manager.fill('#award-reward', '문경사랑상품권 10만원');
  await manager.selectOption('#award-practice', { label: '휠체어 이용객 동행 안내 — 김친절 (관광사업팀)' });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  await manager.fill('#award-on', today);
  await manager.click('#record-award');
  await manager.waitForSelector('#award-table tr:has-text("김친절 (관광사업팀)")');
  assert.match(await manager.locator('#award-table').innerText(), /이사장 표창[\s\S]*우수사례: 휠체어 이용객 동행 안내/);
  await manager.waitForSelector('#candidate-table tr[data-candidate="staff"]:has-text("✔ 포상함")');
  await axe(manager, 'awards');

  // A handler reads both, without the VOC office's forms.
  await handler.goto(`${base}/awards`);
  await hydrated(handler);
  await handler.waitForSelector('#award-table tr:has-text("이사장 표창")');
  assert.equal(await handler.locator('#award-form, #candidate-table, [id^="delete-award-"]').count(), 0);
  await handler.goto(`${base}/good-practices`);
  await hydrated(handler);
  await handler.waitForSelector('#practice-list li[data-state="shared"]');
  assert.equal(await handler.locator('[id^="share-"]').count(), 0);
});

test('a panel member is appointed and present at a session whose follow-up its department reports done', async () => {
  const base = server.url;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  const year = today.slice(0, 4);
  const manager = await signedIn('manager');
  await manager.click('nav a[href="/panel-members"]');
  await manager.waitForURL(/\/panel-members$/);
  await hydrated(manager);
  await manager.waitForSelector('#roster-empty');
  await manager.fill('#member-name', '김문경');
  await manager.fill('#member-phone', '010-2222-3333');
  await manager.click('#save-member');
  // The consent day is required before anyone's data is kept; what was typed stays.
  await manager.waitForSelector('#member-consent-error:has-text("개인정보 수집·이용 동의")');
  assert.equal(await manager.inputValue('#member-name'), '김문경');
  await manager.fill('#member-affiliation', '점촌동 주민');
  await manager.fill('#member-from', `${year}-01-01`);
  await manager.fill('#member-to', `${year}-12-31`);
  await manager.fill('#member-consent', today);
  await manager.click('#save-member');
  await manager.waitForSelector('#member-saved');
  const card = manager.locator('#roster li[data-state="serving"]');
  await card.waitFor();
  const text = await card.innerText();
  assert.match(text, /김\*경/);
  assert.match(text, /010-\*\*\*\*-3333/);
  assert.doesNotMatch(text, /김문경|2222-3333/, 'masked until asked');
  // Shown for a purpose (the first offered), which the access log keeps.
  await card.locator('button:has-text("연락처 보기")').click();
  await manager.waitForSelector('[id^="contact-"]:has-text("김문경 · 010-2222-3333")');
  await axe(manager, 'panel roster');
  const log = await fetch(`${base}/api/v1/privacy/access-log?user=manager`, { headers: { cookie: admin } }).then(r => r.json());
  assert.equal(log.items[0].what, 'panel_contact');
  assert.equal(log.items[0].purpose, '회의·활동 참석 안내');

  await manager.click('nav a[href="/ccm-activities"]');
  await manager.waitForURL(/\/ccm-activities$/);
  await hydrated(manager);
  await manager.waitForSelector('#activity-empty');
  await manager.selectOption('#activity-kind', 'panel');
  await manager.fill('#item-0-topic', '레일바이크 승차장 그늘막 부족');
  await manager.selectOption('#item-0-owner', { label: '관광사업팀' });
  await manager.click('#record-activity');
  // Every missing field says so; what was typed stays.
  await manager.waitForSelector('#activity-title-error:has-text("필수 입력 항목입니다")');
  await manager.waitForSelector('#item-0-due-error:has-text("필수 입력 항목입니다")');
  assert.equal(await manager.inputValue('#item-0-topic'), '레일바이크 승차장 그늘막 부족');
  await manager.fill('#activity-title', '11월 주민참여평가단 회의');
  await manager.fill('#activity-held', today);
  await manager.fill('#activity-participants', '평가단 위원 8명, 혁신안전팀장');
  await manager.fill('#activity-summary', '여름철 이용 불편 사항과 개선 결과를 논의했다.');
  await manager.fill('#item-0-decision', '그늘막 설치');
  await manager.fill('#item-0-due', today);
  await manager.check('#activity-members label:has-text("김*경") input');
  await manager.click('#add-item');
  await manager.fill('#item-1-topic', '주차장 안내 표지 개선 결과 보고');
  await manager.click('#record-activity');
  await manager.waitForSelector('#activity-saved');
  await manager.waitForSelector('#activity-list li[data-kind="panel"]:has-text("11월 주민참여평가단 회의")');
  await manager.waitForSelector('#activity-list li[data-kind="panel"] .members:has-text("참석 위원 1명: 김*경")');
  await manager.waitForSelector('#owed-list li[data-state="open"]:has-text("◐ 진행 중")');
  assert.equal(await manager.inputValue('#activity-title'), '', 'the form starts again empty');
  await axe(manager, 'CCM activities');
  // Corrected in the same form: it fills with the record, members ticked, and saves in place.
  await manager.click('#activity-list li[data-kind="panel"] button:has-text("고치기")');
  await manager.waitForSelector('#activity-form-heading:has-text("활동 기록 고치기")');
  // The form fills in an effect of its own, a tick after the heading changes.
  await manager.waitForFunction(() => document.querySelector('#activity-title')?.value === '11월 주민참여평가단 회의');
  assert.equal(await manager.inputValue('#item-1-topic'), '주차장 안내 표지 개선 결과 보고');
  await manager.waitForSelector('#activity-members label:has-text("김*경") input:checked');
  await manager.fill('#activity-title', '11월 주민참여평가단 정기회의');
  await manager.click('#record-activity');
  await manager.waitForSelector('#activity-list li[data-kind="panel"]:has-text("11월 주민참여평가단 정기회의")');
  await manager.waitForSelector('#activity-form-heading:has-text("활동 기록하기")');
  assert.equal(await manager.locator('#activity-list > li').count(), 1, 'corrected, not recorded again');

  const handler = await signedIn('handler');
  await handler.goto(`${base}/ccm-activities`);
  await hydrated(handler);
  const row = handler.locator('#owed-list li[data-state="open"]');
  await row.waitFor();
  assert.equal(await handler.locator('#activity-form').count(), 0, 'the VOC office records activities');
  await row.locator('button:has-text("완료 보고")').click();
  await handler.waitForSelector('[id^="item-result-"][id$="-error"]:has-text("필수 입력 항목입니다")');
  await row.locator('input').fill('승차장 3곳에 그늘막을 설치했습니다.');
  await row.locator('button:has-text("완료 보고")').click();
  await handler.waitForSelector('#owed-heading:has-text("남은 후속조치 0건")');
  await handler.waitForSelector('#activity-list tr[data-state="done"]:has-text("● 조치 완료")');
  await axe(handler, 'CCM activities, a handler');
});
