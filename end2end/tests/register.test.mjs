// Receiving staff register a VOC on the complainant's behalf with the real receipt time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a receiver registers a mailed complaint and an agency transfer', async () => {
  const base = server.url;
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const admin = r.headers.get('set-cookie').split(';')[0];
  const u = await fetch(`${base}/api/v1/users`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: admin },
    body: JSON.stringify({ username: 'desk', password: 'long-enough-pw', display_name: '접수창구', role: 'receiver', department: 1 }),
  });
  assert.equal(u.status, 201);

  const page = await newPage(browser);
  await login(page, base, 'desk', 'long-enough-pw');
  await page.goto(`${base}/cases/new`);
  await hydrated(page);
  await page.waitForSelector('#reg-facility option[value="camping"]', { state: 'attached' });

  // An agency transfer without the agency's number is named, and nothing typed is lost.
  await page.selectOption('#reg-channel', 'external_agency');
  await page.fill('#reg-agency', '국민신문고');
  await page.fill('#reg-content', '국민신문고에서 이송된 캠핑장 소음 민원입니다.');
  await page.click('#register');
  await page.waitForSelector('#agency_ref-error:has-text("필수 입력")');
  assert.equal(await page.inputValue('#reg-content'), '국민신문고에서 이송된 캠핑장 소음 민원입니다.');

  await page.selectOption('#reg-channel', 'mail');
  await page.selectOption('#reg-facility', 'camping');
  await page.fill('#reg-received', '2026-11-20T10:00');
  await page.fill('#reg-content', '우편으로 받은 캠핑장 소음 민원입니다. 밤 10시 이후에도 음악 소리가 큽니다.');
  await page.fill('#reg-name', '김민원');
  // Answered by post, as the letter asked: that needs the address, and says so.
  await page.fill('#reg-phone', '054-550-6114');
  await page.check('#reg-reply-post');
  await page.click('#register');
  await page.waitForSelector('#address-error:has-text("우편으로 답변을 받으려면 주소를 입력해 주세요")');
  assert.equal(await page.inputValue('#reg-name'), '김민원');
  await page.fill('#reg-address', '경상북도 문경시 점촌동 123-4 문경아파트 101동');
  await page.click('#register');
  await page.waitForURL(/\/cases\/\d+$/);
  await hydrated(page);
  await page.waitForSelector('#case-channel');
  assert.match(await page.textContent('#case-channel'), /우편/);
  assert.match(await page.textContent('.facts'), /2026-11-20 10:00/);
  assert.match(await page.textContent('.facts'), /김\*원/);
  // The landline and the address masked; the way to answer as chosen.
  const facts = await page.textContent('.facts');
  assert.match(facts, /054-\*\*\*-6114/);
  assert.match(facts, /경상북도 문경시 \*\*\*/);
  assert.match(facts, /답변 받을 방법\s*우편/);
  assert.doesNotMatch(facts, /점촌동/);
  assert.match(await page.textContent('#case-department'), /관광사업팀/);
  assert.deepEqual(page.errors, []);
});
