// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on each URL given on the command line in headless
// Chromium and prints the violations; exits 1 when any is serious or critical.
// Usage: node check.js BASE_URL PATH...   (COOKIE="gongkai_session=…" checks staff pages too)
const fs = require('fs');
const path = require('path');
const os = require('os');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

(async () => {
  const [base, ...paths] = process.argv.slice(2);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-a11y-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let bad = 0;
  const summary = [];
  for (const p of paths) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    if (process.env.COOKIE) await page.setExtraHTTPHeaders({ Cookie: process.env.COOKIE });
    const resp = await page.goto(base + p, { waitUntil: 'load' });
    // The CSP forbids inline scripts from the page, not from the DevTools protocol.
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () =>
      await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
    for (const v of result.violations) {
      counts[v.impact] = (counts[v.impact] || 0) + 1;
      console.log(`${p}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}×) ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
      if (v.impact === 'serious' || v.impact === 'critical') bad++;
    }
    summary.push(`${p} -> HTTP ${resp.status()}, passes ${result.passes.length}, violations critical ${counts.critical} serious ${counts.serious} moderate ${counts.moderate} minor ${counts.minor}`);
    await page.close();
  }
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(summary.join('\n'));
  console.log(bad === 0 ? 'OK: no serious or critical violations' : `FAIL: ${bad} serious or critical violation kinds`);
  process.exit(bad === 0 ? 0 : 1);
})().catch(e => { console.error(e); process.exit(2); });
