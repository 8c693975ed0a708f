// Material requests in Chromium: the handling department asks another one from the case
// page, the asked department answers from /materials, and the reply shows on the case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);

test('ask another department, answer in its queue, read the reply on the case', async () => {
  const base = server.url;
  const adminLogin = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const admin = adminLogin.headers.get('set-cookie').split(';')[0];
  for (const [username, role, department] of [['handler', 'handler', 3], ['farmer', 'handler', 4]]) {
    const r = await api('/api/v1/users', { username, password: 'long-enough-pw', display_name: `${username}님`, role, department }, admin);
    assert.equal(r.status, 201);
  }
  const filed = await api('/api/v1/cases', { kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '레일바이크 매점에서 산 사과즙이 상했습니다.' });
  assert.equal(filed.status, 201);
  const { id, receipt_no: receipt } = filed.body;

  const handler = await newPage(browser);
  await login(handler, base, 'handler', 'long-enough-pw');
  await handler.goto(`${base}/cases/${id}`);
  await hydrated(handler);
  await handler.waitForSelector('#material-department option[value="4"]', { state: 'attached' });
  assert.equal(await handler.locator('#material-department option[value="3"]').count(), 0, 'not its own department');
  // A missing question is refused with a specific message; the chosen department stays.
  await handler.selectOption('#material-department', '4');
  await handler.click('#material-request');
  await handler.waitForSelector('#material-form #question-error:has-text("필수 입력 항목입니다")');
  assert.equal(await handler.inputValue('#material-department'), '4');
  await handler.fill('#material-question', '11/20 매점 사과즙 판매 기록과 재고를 알려 주세요.');
  await handler.click('#material-request');
  await handler.waitForSelector('#materials td:has-text("농특산물홍보팀")');
  assert.match(await handler.textContent('#materials'), /회신 대기/);

  const farmer = await newPage(browser);
  await login(farmer, base, 'farmer', 'long-enough-pw');
  await farmer.goto(`${base}/materials`);
  await hydrated(farmer);
  const item = farmer.locator('#material-queue li.material').first();
  await item.waitFor();
  assert.match(await item.textContent(), new RegExp(receipt));
  assert.match(await item.textContent(), /관광사업팀 → 농특산물홍보팀/);
  await item.locator('button.answer-material').click();
  await item.locator('.field-error:has-text("필수 입력 항목입니다")').waitFor();
  await item.locator('textarea').fill('11/20 판매분 12병, 같은 제조일자 재고는 모두 회수했습니다.');
  await item.locator('button.answer-material').click();
  await farmer.waitForSelector('#material-queue .answered:has-text("12병")');

  await handler.reload();
  await hydrated(handler);
  await handler.waitForSelector('#materials .material-answer:has-text("모두 회수했습니다")');
  await handler.waitForSelector('.history:has-text("자료 회신")');

  // An unreachable complainant: recorded with what was tried, and undone when contact returns.
  await handler.click('#unreachable');
  await handler.waitForSelector('#unreachable-form .field-error:has-text("필수 입력 항목입니다")');
  await handler.fill('#unreachable-text', '전화 3회·문자 1회, 결번 안내');
  await handler.click('#unreachable');
  await handler.waitForSelector('#unreachable-state:has-text("취하로 간주")');
  assert.match(await handler.textContent('#unreachable-state'), /결번 안내/);
  await handler.click('#reachable');
  await handler.waitForSelector('#unreachable-form');
  await handler.waitForSelector('.history:has-text("연락 재개")');
});

test('the asked department\'s queue updates live and keeps a reply being typed', async () => {
  const base = server.url;
  const adminLogin = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const admin = adminLogin.headers.get('set-cookie').split(';')[0];
  const created = await api('/api/v1/users', { username: 'dansan', password: 'long-enough-pw', display_name: '단산', role: 'handler', department: 5 }, admin);
  assert.equal(created.status, 201);
  const handlerLogin = await api('/api/v1/session', { username: 'handler', password: 'long-enough-pw' });
  const handler = handlerLogin.headers.get('set-cookie').split(';')[0];
  const ask = async (content, question) => {
    const c = await api('/api/v1/cases', { kind: 'complaint', channel: 'kiosk', facility: 'railbike', content });
    const r = await api(`/api/v1/cases/${c.body.id}/materials`, { department: 5, question }, handler);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };

  const page = await newPage(browser);
  await login(page, base, 'dansan', 'long-enough-pw');
  await page.goto(`${base}/materials`);
  await hydrated(page);
  await page.waitForSelector('#no-materials');
  await ask('레일 연결부 소음', '연결부 점검 기록을 보내 주세요.');
  // No reload: the request arrives by itself.
  const first = page.locator('#material-queue li.material', { hasText: '연결부 점검 기록' });
  await first.waitFor();
  await first.locator('textarea').fill('점검 기록 첨부 예정 —');
  await ask('모노레일 정차 지연', '정차 로그를 보내 주세요.');
  await page.locator('#material-queue li.material', { hasText: '정차 로그' }).waitFor();
  assert.equal(await first.locator('textarea').inputValue(), '점검 기록 첨부 예정 —', 'the reply being typed survives the reload');
  assert.deepEqual(page.errors, []);
});
