// Renews the screenshots of the accountability and sign-in pages (docs/screenshots/audit.png,
// privacy.png, account.png, two-factor.png, kiosks.png): a fresh server, a few signed-in
// actions, an export, a review, an authenticator set-up, a kiosk key.
// `node end2end/screenshots-security.mjs`
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, ROOT } from './tests/support.mjs';

const out = join(ROOT, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launch();
const base = server.url;
const post = (path, body, cookie) => fetch(`${base}${path}`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body),
});
try {
  await post('/api/v1/session', { username: 'admin', password: 'a-wrong-guess' });
  const r = await post('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const cookie = r.headers.get('set-cookie').split(';')[0];
  await post('/api/v1/users', { username: 'privacy', password: 'quiet-harbour-lantern', display_name: '개인정보 보호책임자', role: 'privacy_officer' }, cookie);
  await post('/api/v1/users', { username: 'kim.handler', password: 'long-enough-pw', display_name: '김담당', role: 'handler', department: 3 }, cookie);
  await post('/api/v1/calendar/holidays', { date: '2026-12-31', name: '창립기념일' }, cookie);
  await post('/api/v1/cases', { kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '레일바이크 바퀴에서 소리가 납니다.' });
  const today = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
  await fetch(`${base}/api/v1/reports/cases.csv?from=${today}&to=${today}`, { headers: { cookie } });
  await fetch(`${base}/api/v1/reports/summary.xlsx?from=${today}&to=${today}`, { headers: { cookie } });

  const page = await newPage(browser);
  await login(page, base);
  await page.goto(`${base}/admin/audit`);
  await hydrated(page);
  await page.waitForSelector('#audit-log tr.audit-row');
  await page.screenshot({ path: join(out, 'audit.png'), fullPage: true });

  const officer = await newPage(browser);
  await login(officer, base, 'privacy', 'quiet-harbour-lantern');
  await officer.goto(`${base}/privacy`);
  await hydrated(officer);
  await officer.waitForSelector('#access-log tr.access-row');
  await officer.fill('#period_from', '2026-11-01');
  await officer.fill('#period_to', '2026-11-30');
  await officer.fill('#findings', '업무 목적 밖의 열람 없음. 내보내기 2건은 월간 보고용으로 확인함.');
  await officer.click('#record-review');
  await officer.waitForSelector('#reviews li');
  await officer.screenshot({ path: join(out, 'privacy.png'), fullPage: true });

  await officer.goto(`${base}/account`);
  await hydrated(officer);
  await officer.fill('#current', 'quiet-harbour-lantern');
  await officer.fill('#new', 'qwer1234!!');
  await officer.fill('#confirm', 'qwer1234!!');
  await officer.click('#change-password');
  await officer.waitForSelector('#new-error:has-text("추측하기 쉬운")');
  await officer.screenshot({ path: join(out, 'account.png') });
  await officer.click('#totp-start');
  await officer.waitForSelector('.qr svg');
  await officer.locator('#two-factor-title').scrollIntoViewIfNeeded();
  await officer.screenshot({ path: join(out, 'two-factor.png'), fullPage: true });

  await page.goto(`${base}/admin/kiosks`);
  await hydrated(page);
  for (const [facility, label] of [['railbike', '철로자전거 매표소 1번'], ['monorail', '모노레일 승강장']]) {
    await page.selectOption('#kiosk-facility', facility);
    await page.fill('#kiosk-label', label);
    await page.click('#issue-kiosk-key');
    await page.waitForSelector(`#kiosks tr:has-text("${label}")`);
  }
  await page.screenshot({ path: join(out, 'kiosks.png'), fullPage: true });
} finally {
  await browser.close();
  await server.stop();
}
