// Measures what each complainant-facing page's first load transfers, compressed as the server
// sends it. Chromium loads the page until it has hydrated, listing every request; each one is
// then fetched again with `Accept-Encoding: br` and with `gzip` (Chromium offers Brotli over
// HTTPS only), and the compressed bytes are counted. The budget is per page, for HTML, CSS, JS
// and WASM together; the time to hydrate is measured again under Lighthouse's mobile
// throttling (1.6 Mbps, 150 ms round trip, 4× CPU).
//
//   node end2end/weight.mjs <budget KB> <url> [<url> …]
import { request } from 'node:http';
import { launch, hydrated } from './tests/support.mjs';

const [budgetArg, ...urls] = process.argv.slice(2);
const BUDGET = Number(budgetArg) * 1024;
if (!BUDGET || urls.length === 0) {
  console.error('usage: node end2end/weight.mjs <budget KB> <url> [<url> …]');
  process.exit(2);
}

function compressedSize(target, encoding) {
  return new Promise((ok, fail) => {
    const req = request(target, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => ok({ bytes, encoding: res.headers['content-encoding'] ?? 'identity', type: res.headers['content-type'] ?? '', cache: res.headers['cache-control'] ?? '' }));
    });
    req.on('error', fail);
    req.end();
  });
}

async function load(browser, url, throttled) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const seen = [];
  page.on('request', (r) => { if (!seen.includes(r.url())) seen.push(r.url()); });
  if (throttled) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const started = Date.now();
  await page.goto(url);
  await hydrated(page);
  const ms = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await page.close();
  return { seen, ms };
}

const browser = await launch();
let failed = false;
for (const url of urls) {
  const { seen, ms: localMs } = await load(browser, url, false);
  const { ms: throttledMs } = await load(browser, url, true);
  let br = 0, gz = 0, budgeted = 0;
  const rows = [];
  for (const u of seen) {
    const b = await compressedSize(u, 'br');
    const g = await compressedSize(u, 'gzip');
    const kind = /text\/html/.test(b.type) ? 'html' : /css/.test(b.type) ? 'css' : /javascript/.test(b.type) ? 'js'
      : /wasm/.test(b.type) ? 'wasm' : /json/.test(b.type) ? 'api' : 'other';
    br += b.bytes; gz += g.bytes;
    if (['html', 'css', 'js', 'wasm'].includes(kind)) budgeted += b.bytes;
    rows.push({ resource: new URL(u).pathname, kind, br_kb: +(b.bytes / 1024).toFixed(1), gzip_kb: +(g.bytes / 1024).toFixed(1), sent_as: b.encoding, cache: b.cache });
  }
  const path = new URL(url).pathname;
  console.log(`\n${path}`);
  console.table(rows);
  console.log(`HTML+CSS+JS+WASM (Brotli): ${(budgeted / 1024).toFixed(1)} KB of the ${BUDGET / 1024} KB budget`);
  console.log(`everything requested: ${(br / 1024).toFixed(1)} KB Brotli, ${(gz / 1024).toFixed(1)} KB gzip`);
  console.log(`hydrated after ${localMs} ms (local), ${throttledMs} ms (1.6 Mbps, 150 ms, 4× CPU)`);
  if (budgeted > BUDGET) { console.error(`${path}: OVER BUDGET`); failed = true; }
}
await browser.close();
if (failed) process.exit(1);
