// Renews docs/screenshots/*.png: starts a server on a fresh database, files a few realistic
// cases and photographs each surface in Chromium. `node end2end/screenshots.mjs`
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, ROOT } from './tests/support.mjs';

const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launch();
const base = server.url;
try {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const file = async (body) => (await fetch(`${base}/api/v1/cases`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body),
  })).json();
  const now = new Date();
  const ago = (h) => new Date(now.getTime() - h * 3600e3).toISOString();
  await file({ kind: 'urgent', channel: 'phone', facility: 'monorail', content: '모노레일 하차장 난간이 흔들립니다. 어린이가 다칠 수 있어요.', received_at: ago(2) });
  await file({ kind: 'complaint', channel: 'visit', facility: 'camping', content: '캠핑장 샤워실 온수가 나오지 않습니다.', received_at: ago(50) });
  await file({ kind: 'suggestion', channel: 'homepage', facility: 'maze', content: '미로공원 입구에 유모차 보관소가 있으면 좋겠습니다.' });
  await file({ kind: 'lost_item', channel: 'kiosk', facility: 'railbike', content: '철로자전거 3번에 검은색 지갑을 두고 내렸습니다.' });
  // The same visitor complained of the adventure park's staff three weeks ago: the case page
  // shows it beside today's filing below.
  await file({ kind: 'complaint', channel: 'phone', facility: 'adventure', phone: '010-2345-6789', content: '어드벤처파크 매표 직원이 안내를 제대로 하지 않았습니다.', received_at: ago(24 * 21) });
  await file({ kind: 'inquiry', channel: 'homepage', facility: 'adventure', phone: '010-2345-6789', content: '어드벤처파크 키 제한이 몇 cm인가요?', received_at: ago(24 * 9) });
  const paused = await file({ kind: 'grievance', channel: 'mail', facility: 'forest', content: '휴양림 예약 취소 수수료 부과가 부당합니다.', received_at: ago(30) });
  await fetch(`${base}/api/v1/cases/${paused.id}/pause`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ reason: 'awaiting_complainant', note: '예약 내역 사본 요청' }),
  });

  const kiosk = await newPage(browser);
  await kiosk.goto(`${base}/kiosk`);
  await hydrated(kiosk);
  await kiosk.screenshot({ path: join(out, 'kiosk.png') });

  const phone = await newPage(browser, { width: 390, height: 844 });
  await phone.goto(`${base}/kiosk`);
  await hydrated(phone);
  await phone.click('[data-kind="complaint"]');
  await phone.click('[data-facility="adventure"]');
  await phone.fill('#content', '어드벤처파크 안전요원이 매우 불친절했습니다. 교육 부탁드립니다.');
  await phone.click('#to-contact');
  await phone.fill('#phone', '010-2345-6789');
  await phone.check('#consent-sms');
  await phone.click('#submit');
  await phone.waitForSelector('#receipt-no');
  await phone.screenshot({ path: join(out, 'receipt-phone.png'), fullPage: true });
  // The kiosk draws the tracking link only as a QR code; the phone opens what it holds.
  const qr = new URL(await phone.getAttribute('#tracking-qr', 'src'), base);
  const track = `/track/${await phone.textContent('#receipt-no')}?token=${qr.searchParams.get('token')}`;

  // The mobile homepage with a photo accepted and a file refused by its content.
  const home = await newPage(browser, { width: 390, height: 844 });
  await home.goto(`${base}/`);
  await hydrated(home);
  await home.check('#kind-complaint');
  await home.selectOption('#facility', 'railbike');
  await home.fill('#content', '레일바이크 출발 지점 바닥 판자가 깨져 있습니다. 사진을 첨부합니다.');
  const notPhoto = join(ROOT, 'target', 'not-a-photo.jpg');
  writeFileSync(notPhoto, '사진이 아닌 파일');
  await home.setInputFiles('#files', [join(ROOT, 'server', 'tests', 'fixtures', 'gps.jpg'), notPhoto]);
  await home.waitForSelector('li.file.refused');
  await home.waitForSelector('li.file.accepted');
  await home.screenshot({ path: join(out, 'home-phone.png'), fullPage: true });

  const officer = await newPage(browser);
  await login(officer, base);
  await officer.waitForSelector('.live.on');
  await officer.waitForSelector('.queue-row >> nth=5');
  await officer.screenshot({ path: join(out, 'queue.png') });

  // An answer template the answer form offers for complaints.
  await fetch(`${base}/api/v1/answer-templates`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ kind: 'complaint', title: '직원 응대 불만 — 교육 실시', result: '{name}님, {receipt_no} 민원에 대해 {facility} 직원에게 고객응대 교육을 실시했습니다.', basis: '고객응대 매뉴얼 제3장', appeal: '결과에 이의가 있으시면 90일 이내에 이의신청하실 수 있습니다.' }),
  });
  await officer.click(`tr[data-receipt="${await phone.textContent('#receipt-no')}"] a`);
  await officer.waitForSelector('#send-answer');
  // The handler called the visitor back; the call is on the record.
  await officer.fill('#contact-summary', '현장 확인 후 결과를 알려 드리겠다고 안내함');
  await officer.click('#contact-send');
  await officer.waitForSelector('#contact-log li');
  await officer.waitForSelector('#send-answer');
  await officer.fill('#result', '해당 안전요원에게 고객응대 교육을 실시했습니다.');
  await officer.fill('#basis', '고객응대 매뉴얼 제3장, CS 교육 규정 제5조');
  await officer.fill('#appeal', '결과에 이의가 있으시면 30일 이내에 혁신안전팀(054-000-0000)으로 신청하실 수 있습니다.');
  await officer.waitForSelector('#notices');
  await officer.waitForSelector('#earlier-cases');
  await officer.screenshot({ path: join(out, 'case.png'), fullPage: true });
  await officer.click('#send-answer');
  await officer.waitForSelector('#case-status:has-text("종결")');

  await phone.goto(`${base}${track}`);
  await phone.waitForSelector('#survey-link');
  await phone.screenshot({ path: join(out, 'tracking-phone.png'), fullPage: true });
  await phone.click('#survey-link');
  await phone.waitForSelector('.survey-item');
  await hydrated(phone);
  for (const id of ['ease', 'interim_notice', 'proactiveness', 'courtesy']) await phone.click(`label[for="${id}-4"]`);
  await phone.screenshot({ path: join(out, 'survey-phone.png'), fullPage: true });

  // A handler's draft waiting on the department head.
  for (const [username, role, department] of [['handler', 'handler', 3], ['head', 'department_head', 3]]) {
    await fetch(`${base}/api/v1/users`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ username, password: 'long-enough-pw', display_name: username === 'head' ? '김부장' : '이담당', role, department }),
    });
  }
  const signIn = async (username) => (await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'long-enough-pw' }),
  })).headers.get('set-cookie').split(';')[0];
  const headCookie = await signIn('head');
  const handlerCookie = await signIn('handler');
  const lost = await file({ kind: 'lost_item', channel: 'kiosk', facility: 'shooting', content: '관광사격장 대기실에 검은색 우산을 두고 왔습니다.' });
  const post = (path, body, c) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: c }, body: JSON.stringify(body) });
  await post(`/api/v1/cases/${lost.id}/assign`, { user: 'handler' }, headCookie);
  await post(`/api/v1/cases/${lost.id}/notes`, { body: '대기실 분실물 보관함에서 확인함' }, handlerCookie);
  await post(`/api/v1/cases/${lost.id}/draft`, { decision: 'accepted', result: '우산을 찾아 매표소에 보관 중입니다. 30일 안에 찾아가세요.', basis: '분실물 처리 지침 제2조', appeal: '혁신안전팀 054-000-0000' }, handlerCookie);
  const head = await newPage(browser);
  await login(head, base, 'head', 'long-enough-pw');
  await head.goto(`${base}/cases/${lost.id}`);
  await hydrated(head);
  await head.waitForSelector('#approval');
  await head.screenshot({ path: join(out, 'approval.png'), fullPage: true });

  await officer.goto(`${base}/admin/calendar`);
  await hydrated(officer);
  await officer.waitForSelector('#policies');
  await officer.screenshot({ path: join(out, 'admin-calendar.png'), fullPage: true });
  await officer.goto(`${base}/admin/notices`);
  await hydrated(officer);
  await officer.waitForSelector('#template-receipt-ko');
  await officer.screenshot({ path: join(out, 'admin-notices.png') });
  await officer.goto(`${base}/admin/answer-templates`);
  await hydrated(officer);
  await officer.waitForSelector('#templates');
  await officer.screenshot({ path: join(out, 'answer-templates.png'), fullPage: true });

  // A material request from the tourism team to the farm-products team, seen by the latter.
  await fetch(`${base}/api/v1/users`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ username: 'farmer', password: 'long-enough-pw', display_name: '박농특', role: 'handler', department: 4 }),
  });
  const juice = await file({ kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '철로자전거 매점에서 산 사과즙이 상해 있었습니다. 환불받고 싶습니다.' });
  await post(`/api/v1/cases/${juice.id}/materials`, { department: 4, question: '11/20 매점 사과즙 판매 기록과 같은 제조일자 재고 현황을 알려 주세요.' }, handlerCookie);
  await post(`/api/v1/cases/${juice.id}/materials`, { department: 5, question: '매점 냉장고 온도 점검 기록을 보내 주세요.' }, handlerCookie);
  const farmer = await newPage(browser);
  await login(farmer, base, 'farmer', 'long-enough-pw');
  await farmer.goto(`${base}/materials`);
  await hydrated(farmer);
  await farmer.waitForSelector('#material-queue');
  await farmer.screenshot({ path: join(out, 'materials.png'), fullPage: true });

  await officer.goto(`${base}/reports`);
  await hydrated(officer);
  await officer.waitForSelector('#by_kind');
  await officer.waitForSelector('#recurring-compared');
  await officer.screenshot({ path: join(out, 'reports.png'), fullPage: true });

  // CCM: the year's targets against the figures, and what anyone may read of them.
  await fetch(`${base}/api/v1/kpi/targets/${now.getFullYear()}`, {
    method: 'PUT', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ deadline_compliance: 0.9, mean_handling_days: 2, satisfaction_overall: 4, survey_response_rate: 0.3, interim_notice_compliance: 0.95, praise_count: 5 }),
  });
  await officer.goto(`${base}/kpi`);
  await hydrated(officer);
  await officer.waitForSelector('#kpi-overall tr[data-kpi="deadline_compliance"]');
  await officer.screenshot({ path: join(out, 'kpi.png') });
  // The year's reduction plan of one department, reported, with its quarters.
  await fetch(`${base}/api/v1/reduction-plans/${now.getFullYear()}/3?report=true`, {
    method: 'PUT', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      quarter_targets: [3, 6, 8, 3], analysis: '전년 불만의 절반이 성수기 대기시간과 좌석 청결이었습니다.',
      measures: [
        { issue: '대기시간', action: '온라인 예약제와 대기 번호 안내', owner: '관광사업팀', due: `${now.getFullYear()}-06-30` },
        { issue: '좌석 청결', action: '운행 회차마다 좌석 점검표 작성', owner: '철로자전거 현장팀', due: `${now.getFullYear()}-04-30` },
      ],
    }),
  });
  await officer.goto(`${base}/reduction-plans`);
  await hydrated(officer);
  await officer.click('#open-plan-3');
  await officer.waitForSelector('#plan-detail');
  await officer.screenshot({ path: join(out, 'reduction-plans.png'), fullPage: true });
  const citizen = await newPage(browser, { width: 390, height: 844 });
  await citizen.goto(`${base}/statistics`);
  await hydrated(citizen);
  await citizen.waitForSelector('#statistics-table');
  await citizen.screenshot({ path: join(out, 'statistics-phone.png'), fullPage: true });
  await citizen.goto(`${base}/procedure`);
  await hydrated(citizen);
  await citizen.waitForSelector('#procedure-kinds li[data-kind="appeal"]');
  await citizen.screenshot({ path: join(out, 'procedure-phone.png'), fullPage: true });

  // The good-practice library, an award resting on it, and a panel session with its follow-ups.
  const send = async (path, body) => (await post(path, body, cookie)).json();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(now);
  const praised = await file({ kind: 'praise', channel: 'kiosk', facility: 'railbike', content: '직원분이 휠체어를 밀어 승차장까지 안내해 주셨어요.' });
  await fetch(`${base}/api/v1/cases/${praised.id}/staff`, {
    method: 'PUT', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ staff_name: '김친절', department: 3 }),
  });
  await send(`/api/v1/cases/${praised.id}/answer`, { result: '칭찬을 직원에게 전하고 사내 게시판에 소개했습니다.', basis: '고객 칭찬 처리 지침', appeal: '90일 안에 이의신청' });
  const practice = await send(`/api/v1/cases/${praised.id}/practice`, {
    kind: 'good', title: '휠체어 이용객 승차장 동행 안내', staff_name: '김친절',
    situation: '휠체어 이용객이 레일바이크 승차장으로 가는 경사로를 찾지 못해 매표소 앞에서 기다렸습니다.',
    action: '매표 담당 직원이 승차장까지 동행하고, 다음 날 경사로 방향 안내판을 두 곳에 설치했습니다.',
    lesson: '이동 약자의 동선은 현장에서 직접 걸어 보고 안내판 위치를 정합니다.',
  });
  await send('/api/v1/awards', {
    year: now.getFullYear(), kind: 'staff', staff_name: '김친절', department_id: 3, honour: '이사장 표창',
    reward: '문경사랑상품권 10만원', grounds: '칭찬 민원 1건, 공유된 우수사례 1건', practice_id: practice.id, awarded_on: today,
  });
  const year = now.getFullYear();
  const members = [];
  for (const [panel, name, phone, affiliation, from, to] of [
    ['citizen_panel', '김문경', '010-2222-3333', '점촌동 주민 · 60대', `${year}-01-01`, `${year + 1}-12-31`],
    ['citizen_panel', '박상주', '010-4444-5555', '가은읍 주민 · 관광업', `${year}-01-01`, `${year + 1}-12-31`],
    ['customer_monitor', '이하늘', '010-6666-7777', '대학생 · 레일바이크 이용객', `${year}-03-01`, `${year}-12-31`],
    ['customer_monitor', '최가람', '', '지난해 고객모니터단', `${year - 1}-03-01`, `${year - 1}-12-31`],
  ]) {
    const m = await send('/api/v1/panel-members', { panel, name, phone, email: '', affiliation, term_from: from, term_to: to, consented_on: from < today ? from : today });
    members.push(m);
  }
  await send('/api/v1/ccm-activities', {
    member_ids: members.slice(0, 3).map(m => m.id),
    kind: 'panel', title: '하반기 주민참여평가단 회의', held_on: today, place: '본부 2층 회의실',
    participants: '평가단 위원 8명, 혁신안전팀장, 관광사업팀장',
    summary: '상반기 불편 사항의 개선 결과를 보고하고 여름철 이용 불편에 대한 의견을 들었습니다.',
    items: [
      { topic: '레일바이크 승차장 그늘막 부족', decision: '승차장 3곳에 그늘막 설치', owner_department_id: 3, due_on: `${now.getFullYear()}-12-31` },
      { topic: '주차장 안내 표지가 작다', decision: '표지 교체 결과 보고', owner_department_id: 4, due_on: today },
      { topic: '모노레일 예약 안내 개선 결과 보고', decision: '원안대로 확인' },
    ],
  });
  await officer.goto(`${base}/good-practices`);
  await hydrated(officer);
  await officer.waitForSelector('#practice-list li[data-state="shared"]');
  await officer.screenshot({ path: join(out, 'good-practices.png'), fullPage: true });
  await officer.goto(`${base}/awards`);
  await hydrated(officer);
  await officer.waitForSelector('#award-table');
  await officer.screenshot({ path: join(out, 'awards.png') });
  await officer.goto(`${base}/ccm-activities`);
  await hydrated(officer);
  await officer.waitForSelector('#activity-list li[data-kind="panel"]');
  await officer.screenshot({ path: join(out, 'ccm-activities.png') });
  await officer.goto(`${base}/panel-members`);
  await hydrated(officer);
  await officer.waitForSelector('#roster li[data-state="serving"]');
  await officer.screenshot({ path: join(out, 'panel-members.png') });

  // Finding a case again, closed ones included.
  await officer.goto(`${base}/cases`);
  await hydrated(officer);
  await officer.waitForSelector('#search-total');
  await officer.fill('#search-q', '안전');
  await officer.click('#search-submit');
  await officer.waitForSelector('.search-row');
  await officer.screenshot({ path: join(out, 'case-search.png'), fullPage: true });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
