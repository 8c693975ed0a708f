// Starts a real `server` binary on a fresh SQLite file and a real Chromium for each test file.
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'e2e-admin-password';

/**
 * Starts the server binary. `dir` reuses a database folder and `addr` a fixed address,
 * to restart "the same" server.
 */
export async function startServer(extraEnv = {}, { dir = mkdtempSync(join(tmpdir(), 'voc-e2e-')), addr = '127.0.0.1:0' } = {}) {
  const bin = process.env.VOC_SERVER_BIN ?? join(ROOT, 'target', 'debug', 'server');
  if (!existsSync(bin)) throw new Error(`server binary missing at ${bin}; run scripts/test`);
  const child = spawn(bin, [], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `sqlite:${join(dir, 'voc.db')}`,
      LEPTOS_SITE_ADDR: addr,
      VOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Two-step sign-in has its own browser test (security.test.mjs), which asks for it.
      VOC_STAFF_2FA: 'optional',
      RUST_LOG: 'info,sqlx=warn',
      NO_COLOR: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${log}`)), 30000);
    const onData = (buf) => {
      log += buf.toString();
      const m = log.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${log}`)); });
  });
  return {
    url,
    dir,
    child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const done = new Promise((ok) => child.once('exit', (code, signal) => ok(code ?? signal)));
      child.kill('SIGTERM');
      return done;
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/** A page that records every uncaught error, so tests can assert there were none. */
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'ko-KR', hasTouch: true });
  const page = await context.newPage();
  page.errors = [];
  // Steps that close, approve or reopen a case ask first: accepted, and kept for the tests.
  // A test sets `page.refuseDialogs` to answer "cancel" instead.
  page.dialogs = [];
  page.refuseDialogs = false;
  page.on('dialog', (d) => { page.dialogs.push(d.message()); return page.refuseDialogs ? d.dismiss() : d.accept(); });
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(m.text()); });
  return page;
}

/** Waits until the WASM has hydrated the page (buttons do nothing before). */
export async function hydrated(page) {
  await page.waitForSelector('body[data-hydrated]', { state: 'attached', timeout: 30000 });
}

export async function login(page, base, username = 'admin', password = ADMIN_PASSWORD) {
  await page.goto(`${base}/login?next=/queue`);
  await hydrated(page);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login');
  await page.waitForURL(`${base}/queue`);
  await hydrated(page);
}

/** Waits until the case page shows exactly this status (`has-text("처리중")` would also match 처리중지). */
export async function statusIs(page, text) {
  await page.waitForFunction((t) => document.querySelector('#case-status')?.textContent.trim() === t, text);
}

// A JSON call to the server at `base`: GET without a body, POST with one; the reply's
// status, parsed body (null if none) and headers.
export async function api(base, path, body, cookie) {
  const r = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json().catch(() => null), headers: r.headers };
}

const AXE_SOURCE = readFileSync(join(ROOT, 'end2end', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core's WCAG 2.0–2.2 A and AA rules (KWCAG 2.2 follows them) on the page as it is
 * now and fails with every violation, its rule and the elements concerned.
 */
export async function axe(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
  const problems = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join('\n    ')}`);
  assert.equal(problems.length, 0, `${what}: axe found\n  ${problems.join('\n  ')}`);
  return result;
}

/**
 * The code an authenticator app holding the base32 `secret` shows at `at` (ms), as RFC 6238
 * computes it: HMAC-SHA1 of the 30-second step, dynamically truncated to six digits.
 */
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(step).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).padStart(6, '0');
}

/**
 * 10:00 in Seoul on the next business day after today (no weekend, no holiday of the server's
 * calendar): a browser clock set there sees every countdown run, whatever the hour of the run.
 */
export async function nextBusinessMorning(base) {
  const holidays = new Set((await (await fetch(`${base}/api/v1/calendar`)).json()).holidays);
  const seoulDay = (d) => new Date(d.getTime() + 9 * 3_600_000);
  let day = new Date();
  do {
    day = new Date(day.getTime() + 86_400_000);
  } while ([0, 6].includes(seoulDay(day).getUTCDay()) || holidays.has(seoulDay(day).toISOString().slice(0, 10)));
  return new Date(`${seoulDay(day).toISOString().slice(0, 10)}T10:00:00+09:00`);
}
