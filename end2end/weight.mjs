// Measures what the kiosk's first load transfers, compressed as the server sends it.
// Chromium loads /kiosk until it has hydrated, listing every request; each one is then fetched
// again with `Accept-Encoding: br` and with `gzip` (Chromium offers Brotli over HTTPS only),
// and the compressed bytes are counted. The budget is 300 KB for HTML, CSS, JS and WASM.
//
//   node end2end/weight.mjs http://127.0.0.1:3000/kiosk
import { request } from 'node:http';
import { launch, hydrated } from './tests/support.mjs';

const BUDGET = 300 * 1024;
const url = process.argv[2] ?? 'http://127.0.0.1:3000/kiosk';

function compressedSize(target, encoding) {
  return new Promise((ok, fail) => {
    const req = request(target, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => ok({ bytes, encoding: res.headers['content-encoding'] ?? 'identity', type: res.headers['content-type'] ?? '' }));
    });
    req.on('error', fail);
    req.end();
  });
}

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const seen = [];
page.on('request', (r) => { if (!seen.includes(r.url())) seen.push(r.url()); });
// The server's HTML alone, before any script runs, must already hold the form's first screen.
const html = await (await fetch(url)).text();
const ssrTiles = (html.match(/data-kind="/g) ?? []).length;
const started = Date.now();
await page.goto(url);
await hydrated(page);
const hydratedMs = Date.now() - started;
await page.waitForLoadState('networkidle');
await browser.close();

let br = 0, gz = 0, budgeted = 0;
const rows = [];
for (const u of seen) {
  const b = await compressedSize(u, 'br');
  const g = await compressedSize(u, 'gzip');
  const kind = /text\/html/.test(b.type) ? 'html' : /css/.test(b.type) ? 'css' : /javascript/.test(b.type) ? 'js'
    : /wasm/.test(b.type) ? 'wasm' : /json/.test(b.type) ? 'api' : 'other';
  br += b.bytes; gz += g.bytes;
  if (['html', 'css', 'js', 'wasm'].includes(kind)) budgeted += b.bytes;
  rows.push({ resource: new URL(u).pathname, kind, br_kb: +(b.bytes / 1024).toFixed(1), gzip_kb: +(g.bytes / 1024).toFixed(1), sent_as: b.encoding });
}
console.table(rows);
console.log(`the server's HTML already holds the first screen: ${ssrTiles} kind tiles before any script runs`);
console.log(`HTML+CSS+JS+WASM (Brotli): ${(budgeted / 1024).toFixed(1)} KB of the ${BUDGET / 1024} KB budget`);
console.log(`everything requested: ${(br / 1024).toFixed(1)} KB Brotli, ${(gz / 1024).toFixed(1)} KB gzip; hydrated after ${hydratedMs} ms (local)`);
if (ssrTiles === 0) { console.error('the kiosk form was not in the server-rendered HTML'); process.exit(1); }
if (budgeted > BUDGET) { console.error('OVER BUDGET'); process.exit(1); }
