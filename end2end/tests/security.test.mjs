// The open internet in a real browser: the Content-Security-Policy holds on every page (no
// violation, hydration still works), sign-in never redirects off-site, and a live queue
// stops hearing of new cases once its session ends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, newPage, hydrated, login, ADMIN_PASSWORD, api as call, axe, totp } from './support.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const api = (path, body, cookie) => call(server.url, path, body, cookie);

/** A page that also records every CSP violation the browser reports. */
async function watchedPage() {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
  });
  return page;
}

async function cookieOf(page) {
  const cookies = await page.context().cookies();
  const c = cookies.find((c) => c.name.endsWith('voc_session'));
  return `${c.name}=${c.value}`;
}

test('every page runs under the CSP without a single violation', async () => {
  const base = server.url;
  const filed = await api('/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '보안 정책 아래에서 모든 화면을 엽니다',
  });
  assert.equal(filed.status, 201);
  const page = await watchedPage();
  await login(page, base);
  const cookie = await cookieOf(page);
  const closed = await api(`/api/v1/cases/${filed.body.id}/answer`,
    { result: '확인했습니다.', basis: '운영 규정 제3조', appeal: '30일 이내 이의신청' }, cookie);
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  const { receipt_no: no, tracking_token: token } = filed.body;
  const survey = (await api(`/api/v1/cases/${no}?token=${token}`)).body.survey_path;
  const pages = [
    '/', '/kiosk?site=railbike', '/queue', '/cases/new', `/cases/${filed.body.id}`, `/track/${no}?token=${token}`,
    survey, '/admin/users', '/admin/kiosks', '/admin/departments', '/admin/calendar', '/admin/notices', '/admin/answer-templates', '/reports',
    '/materials', '/improvements', '/admin/audit', '/privacy', '/account', '/login',
  ];
  for (const path of pages) {
    const resp = await page.goto(`${base}${path}`);
    const csp = resp.headers()['content-security-policy'];
    assert.match(csp, /script-src 'self' 'nonce-[\w-]+' 'wasm-unsafe-eval'/, `${path}: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, path);
    await hydrated(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await page.evaluate(() => window.__csp), [], `${path}: CSP violations`);
    assert.deepEqual(page.errors, [], `${path}: errors`);
  }
});

test('after sign-in only a path on this site is followed', async () => {
  const base = server.url;
  for (const next of ['/\\evil.example/', '//evil.example/', 'https://evil.example/', '/%5Cevil.example']) {
    const page = await newPage(browser);
    await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await hydrated(page);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('#login');
    await page.waitForURL((u) => u.pathname !== '/login', { timeout: 10000 });
    const at = new URL(page.url());
    assert.equal(at.origin, base, `next=${next} stayed on this site`);
    await page.context().close();
  }
});

test('a live queue stops hearing of new cases once its session ends', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  const before = await api('/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '세션이 살아 있을 때 접수된 민원',
  });
  await page.waitForSelector(`text=${before.body.receipt_no}`);
  // Signed out everywhere from another device: within the stream's check (5 s) it ends.
  const other = await api('/api/v1/session', { username: 'admin', password: ADMIN_PASSWORD });
  const otherCookie = other.headers.get('set-cookie').split(';')[0];
  const out = await fetch(`${base}/api/v1/session?everywhere=true`, { method: 'DELETE', headers: { cookie: otherCookie } });
  assert.equal(out.status, 204);
  await page.waitForTimeout(7000);
  const after = await api('/api/v1/cases', {
    kind: 'complaint', channel: 'kiosk', facility: 'railbike', content: '세션이 끝난 뒤에 접수된 민원',
  });
  await page.waitForTimeout(3000);
  assert.equal(await page.locator(`text=${after.body.receipt_no}`).count(), 0, 'no case reaches a signed-out page');
});

test('a generated first password is changed, then an authenticator app registered, before anything else', async () => {
  const fresh = await startServer({ VOC_ADMIN_PASSWORD: '', VOC_STAFF_2FA: 'required' });
  try {
    const generated = fresh.log().match(/one-time password (\S+)/)[1];
    const page = await newPage(browser);
    await page.goto(`${fresh.url}/login?next=/queue`);
    await hydrated(page);
    await page.fill('#username', 'admin');
    await page.fill('#password', generated);
    await page.click('#login');
    await page.waitForURL(`${fresh.url}/account?first=1`);
    await hydrated(page);
    await page.waitForSelector('#first-password');
    // Another page sends it back here.
    await page.goto(`${fresh.url}/queue`);
    await page.waitForURL(`${fresh.url}/account?first=1`);
    await hydrated(page);
    await page.fill('#current', generated);
    await page.fill('#new', 'qwer1234!!');
    await page.fill('#confirm', 'qwer1234!!');
    await page.click('#change-password');
    await page.waitForSelector('#new-error:has-text("추측하기 쉬운")');
    assert.equal(await page.inputValue('#current'), generated, 'what was typed stays');
    await page.fill('#new', 'quiet harbour lantern 7');
    await page.fill('#confirm', 'quiet harbour lantern 8');
    await page.click('#change-password');
    await page.waitForSelector('#confirm-error:has-text("확인이 다릅니다")');
    await page.fill('#confirm', 'quiet harbour lantern 7');
    await page.click('#change-password');
    // Two-step sign-in is required: the same page asks for an authenticator app next, and
    // every other page sends the browser back here until there is one.
    await page.waitForURL(`${fresh.url}/account?setup=1`);
    const old = await call(fresh.url, '/api/v1/session', { username: 'admin', password: generated });
    assert.equal(old.status, 401, 'the logged password is worth nothing now');
    await hydrated(page);
    await page.waitForSelector('#setup-needed');
    await page.goto(`${fresh.url}/reports`);
    await page.waitForURL(`${fresh.url}/account?setup=1`);
    await hydrated(page);
    await page.click('#totp-start');
    await page.waitForSelector('.qr svg');
    const secret = (await page.textContent('#totp-secret')).trim();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await axe(page, 'the authenticator set-up');
    const now = totp(secret);
    await page.fill('#totp-code', now === '000000' ? '000001' : '000000');
    await page.click('#totp-confirm');
    await page.waitForSelector('#code-error:has-text("맞지 않거나")');
    await page.fill('#totp-code', totp(secret));
    await page.click('#totp-confirm');
    await page.waitForSelector('#recovery-codes li >> nth=9');
    const codes = await page.locator('#recovery-codes li').allTextContents();
    assert.equal(codes.length, 10);
    assert.match(codes[0].trim(), /^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await page.waitForSelector('#two-factor-status:has-text("남은 복구 코드: 10개")');
    await page.click('#start-work');
    await page.waitForURL(`${fresh.url}/queue`);
    await hydrated(page);

    // The next sign-in asks for a code after the password, on the same page.
    await page.context().clearCookies();
    await page.goto(`${fresh.url}/login?next=/reports`);
    await hydrated(page);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'quiet harbour lantern 7');
    await page.click('#login');
    await page.waitForSelector('#otp-code');
    await axe(page, 'the code step of signing in');
    await page.fill('#otp-code', 'not a code');
    await page.click('#verify-code');
    await page.waitForSelector('#code-error:has-text("6자리")');
    await page.fill('#otp-code', codes[0].trim().toUpperCase());
    await page.click('#verify-code');
    await page.waitForURL(`${fresh.url}/reports`);
    await hydrated(page);
    // An app code of the next step works too (the set-up used this one's).
    await page.context().clearCookies();
    await page.goto(`${fresh.url}/login?next=/queue`);
    await hydrated(page);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'quiet harbour lantern 7');
    await page.click('#login');
    await page.waitForSelector('#otp-code');
    await page.fill('#otp-code', totp(secret, Date.now() + 30000));
    await page.click('#verify-code');
    await page.waitForURL(`${fresh.url}/queue`);
    await hydrated(page);
    assert.deepEqual(page.errors, []);
  } finally {
    await fresh.stop();
  }
});

test('the audit log and the access log are on their pages; a review is recorded there', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  const cookie = await cookieOf(page);
  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  const csv = await fetch(`${base}/api/v1/reports/cases.csv?from=${today}&to=${today}`, { headers: { cookie } });
  assert.equal(csv.status, 200);

  await page.goto(`${base}/admin/audit`);
  await hydrated(page);
  await page.waitForSelector('#audit-log tr.audit-row[data-action="signed_in"]');
  await page.selectOption('#audit-action', 'sign_in_failed');
  await page.waitForSelector('#audit-total:has-text("0건")');

  await page.goto(`${base}/privacy`);
  await hydrated(page);
  await page.waitForSelector('#access-log tr.access-row[data-what="cases_csv"]');
  await page.fill('#period_from', '2026-11-01');
  await page.click('#record-review');
  await page.waitForSelector('#findings-error:has-text("필수")');
  assert.equal(await page.inputValue('#period_from'), '2026-11-01', 'what was typed stays');
  await page.fill('#period_to', '2026-11-30');
  await page.fill('#findings', '업무 목적 밖의 열람 없음');
  await page.click('#record-review');
  await page.waitForSelector('#reviews li:has-text("업무 목적 밖의 열람 없음")');
  assert.deepEqual(page.errors, []);
});

test('a kiosk key issued on its page registers a tablet once, and revoking it stops the tablet', async () => {
  const base = server.url;
  const page = await newPage(browser);
  await login(page, base);
  await page.goto(`${base}/admin/kiosks`);
  await hydrated(page);
  await page.click('#issue-kiosk-key');
  await page.waitForSelector('#facility-error:has-text("필수")');
  await page.selectOption('#kiosk-facility', 'monorail');
  await page.fill('#kiosk-label', '모노레일 매표소 1번');
  await page.click('#issue-kiosk-key');
  const link = (await (await page.waitForSelector('#kiosk-link')).textContent()).trim();
  assert.match(link, /\/kiosk#key=[A-Za-z0-9_-]{32}$/);
  await page.waitForSelector('#kiosks tr:has-text("모노레일 매표소 1번") .revoke-kiosk');
  await axe(page, 'the kiosk keys page');

  // The tablet opens the link once: registered, the key gone from the address bar.
  const tablet = await newPage(browser, { width: 1080, height: 1920 });
  await tablet.goto(link);
  await hydrated(tablet);
  await tablet.waitForSelector('#kiosk-device:has-text("모노레일 매표소 1번")');
  assert.ok(!tablet.url().includes('key='), tablet.url());
  const device = await tablet.evaluate(async () => (await fetch('/api/v1/kiosk/device')).json());
  assert.equal(device.facility, 'monorail');
  // Later visits need no link: the cookie says which kiosk it is.
  await tablet.goto(`${base}/kiosk`);
  await hydrated(tablet);
  await tablet.waitForSelector('#kiosk-device:has-text("모노레일 매표소 1번")');

  await page.click('#kiosks tr:has-text("모노레일 매표소 1번") .revoke-kiosk');
  await page.waitForSelector('#kiosks tr:has-text("모노레일 매표소 1번") .kiosk-state:has-text("취소됨")');
  await tablet.reload();
  await hydrated(tablet);
  await tablet.waitForSelector('.banner.error:has-text("등록이 취소")');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(tablet.errors.filter((e) => !/403/.test(e)), []);
});
