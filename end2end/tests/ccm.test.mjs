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
