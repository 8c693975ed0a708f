// Administration pages in Chromium: staff accounts (create, disable, enable, reset password)
// and the organisation (departments, routing rules that decide where a new case goes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, api as call } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);
const signIn = (username, password) => api('/api/v1/session', { username, password });

test('an administrator creates, disables, enables and resets a staff account', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  await page.goto(`${base}/admin/users`);
  await hydrated(page);
  await page.waitForSelector('#new-department option[value="3"]', { state: 'attached' });
  await page.fill('#new-username', 'newbie');
  await page.fill('#new-display-name', '신입 담당자');
  await page.fill('#new-password', 'short');
  await page.selectOption('#new-department', '3');
  await page.click('#create-user');
  await page.waitForSelector('#password-error:has-text("10자 이상")');
  assert.equal(await page.inputValue('#new-username'), 'newbie', 'the rest of the form stays');
  assert.equal(await page.inputValue('#new-department'), '3');
  await page.fill('#new-password', 'long-enough-pw');
  await page.click('#create-user');
  const row = page.locator('#user-newbie');
  await row.waitFor();
  assert.match(await row.textContent(), /신입 담당자.*처리담당자.*관광사업팀/);
  assert.equal((await signIn('newbie', 'long-enough-pw')).status, 204);

  await row.locator('.toggle-user').click();
  await page.waitForSelector('#user-newbie .user-state:has-text("사용 중지")');
  assert.equal((await signIn('newbie', 'long-enough-pw')).status, 401, 'a disabled account cannot sign in');
  await page.locator('#user-newbie .toggle-user').click();
  await page.waitForSelector('#user-newbie .user-state:has-text("사용 중")');

  await page.locator('#user-newbie .new-password').fill('short');
  await page.locator('#user-newbie .reset-password').click();
  await page.waitForSelector('.banner.error:has-text("10자 이상")');
  await page.locator('#user-newbie .new-password').fill('another-long-pw');
  await page.locator('#user-newbie .reset-password').click();
  await page.waitForFunction(() => document.querySelector('#user-newbie .new-password')?.value === '');
  assert.equal((await signIn('newbie', 'long-enough-pw')).status, 401, 'the old password is gone');
  assert.equal((await signIn('newbie', 'another-long-pw')).status, 204);
  assert.deepEqual(page.errors, []);
});

test('a new department and routing rule route the next case; retiring them is on the page', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  await page.goto(`${base}/admin/departments`);
  await hydrated(page);
  await page.waitForSelector('#departments tbody tr');
  await page.fill('#department-code', 'Parking Team');
  await page.fill('#department-new-name', '주차관리팀');
  await page.click('#create-department');
  await page.waitForSelector('#code-error:has-text("영문 소문자")');
  assert.equal(await page.inputValue('#department-new-name'), '주차관리팀');
  await page.fill('#department-code', 'parking');
  await page.click('#create-department');
  await page.waitForSelector('#department-parking');

  // A rule: lost items at the railbike go to the new department, before every other rule.
  await page.waitForSelector('#rule-department option:has-text("주차관리팀")', { state: 'attached' });
  const parking = await page.locator('#rule-department option:has-text("주차관리팀")').getAttribute('value');
  await page.fill('#rule-priority', '1');
  await page.selectOption('#rule-kind', 'lost_item');
  await page.waitForSelector('#rule-facility option[value="railbike"]', { state: 'attached' });
  await page.selectOption('#rule-facility', 'railbike');
  await page.click('#create-rule');
  await page.waitForSelector('#department-error:has-text("필수 입력 항목입니다")');
  await page.selectOption('#rule-department', parking);
  await page.click('#create-rule');
  const rule = page.locator('#routing-rules tbody tr', { hasText: '주차관리팀' });
  await rule.waitFor();
  assert.match(await rule.textContent(), /유실물신고.*railbike.*주차관리팀/);

  const adminLogin = await signIn('admin', ADMIN_PASSWORD);
  const admin = adminLogin.headers.get('set-cookie').split(';')[0];
  const lost = await api('/api/v1/cases', { kind: 'lost_item', channel: 'kiosk', facility: 'railbike', content: '레일바이크에 우산을 두고 내렸습니다.' });
  assert.equal(lost.status, 201);
  const routed = await api(`/api/v1/cases/${lost.body.id}`, undefined, admin);
  assert.equal(routed.body.department_name, '주차관리팀');

  await rule.locator('.retire-rule').click();
  await page.waitForFunction(() => !document.querySelector('#routing-rules')?.textContent.includes('주차관리팀'));
  const next = await api('/api/v1/cases', { kind: 'lost_item', channel: 'kiosk', facility: 'railbike', content: '장갑을 잃어버렸습니다.' });
  const after = await api(`/api/v1/cases/${next.body.id}`, undefined, admin);
  assert.notEqual(after.body.department_name, '주차관리팀', 'a retired rule routes nothing');

  // Rename and retire the department.
  await page.locator('#department-parking .department-name').fill('주차·교통팀');
  const renamed = page.waitForResponse((r) => r.url().includes('/api/v1/departments/') && r.request().method() === 'PUT');
  await page.locator('#department-parking .rename-department').click();
  assert.equal((await renamed).status(), 200);
  await page.locator('#department-parking .toggle-department').click();
  await page.waitForSelector('#department-parking .department-state:has-text("폐지")');
  const list = await api('/api/v1/departments', undefined, admin);
  assert.deepEqual(list.body.filter((d) => d.code === 'parking').map((d) => [d.name, d.active]), [['주차·교통팀', false]]);
  assert.deepEqual(page.errors, []);
});

test('facilities are added, renamed and retired on the page, and the kiosk offers only active ones', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  await page.goto(`${base}/admin/departments`);
  await hydrated(page);
  await page.waitForSelector('#facilities tbody tr');
  await page.fill('#facilities-new-code', 'cable_car');
  await page.fill('#facilities-new-name_ko', '케이블카');
  await page.click('#facilities-add');
  await page.waitForSelector('#facilities-new-name_en-error:has-text("필수 입력 항목입니다")');
  assert.equal(await page.inputValue('#facilities-new-name_ko'), '케이블카');
  await page.fill('#facilities-new-name_en', 'Cable car');
  await page.click('#facilities-add');
  await page.waitForSelector('#facilities-cable_car');
  let offered = (await api('/api/v1/facilities')).body.map((f) => f.code);
  assert.ok(offered.includes('cable_car'));

  await page.locator('#facilities-cable_car .entry-ko').fill('문경 케이블카');
  const renamed = page.waitForResponse((r) => r.url().includes('/api/v1/catalogue/facilities/cable_car') && r.request().method() === 'PUT');
  await page.locator('#facilities-cable_car .rename-entry').click();
  assert.equal((await renamed).status(), 204);
  await page.locator('#facilities-cable_car .toggle-entry').click();
  await page.waitForSelector('#facilities-cable_car .entry-state:has-text("폐지")');
  assert.equal(await page.locator('#facilities-cable_car .entry-ko').inputValue(), '문경 케이블카');
  offered = (await api('/api/v1/facilities')).body.map((f) => f.code);
  assert.ok(!offered.includes('cable_car'), 'a retired facility is not offered');

  // This profile's categories are staff's to set; one is offered to complainants on the homepage.
  await page.waitForSelector('#categories-fares_booking');
  assert.equal(await page.locator('#categories-fares_booking .entry-public').textContent(), '');
  await page.locator('#categories-fares_booking .toggle-public').click();
  await page.waitForSelector('#categories-fares_booking .entry-public:has-text("민원인이 고름")');
  const categories = (await api('/api/v1/categories')).body;
  assert.deepEqual(categories.filter((c) => c.public).map((c) => c.code), ['fares_booking']);
  assert.deepEqual(page.errors, []);
});
