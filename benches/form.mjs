// How fast the browser questionnaire is ready (BENCHMARKS.md, "Questionnaire in the browser").
//
//   node benches/form.mjs FORM.html BASELINE.html [RUNS]
//
// Opens each page RUNS times (default 20) in one Chromium (the Debian build, through
// tests/browser's playwright-core) and reports the time from navigation start until the
// page is ready: for the form, when its script has built every question (`data-ready`);
// for the baseline, the load event of a page of the same size that runs no script. The
// ratio is the figure; the machine's speed cancels out. Prints one JSON document.
import { chromium } from '../tests/browser/node_modules/playwright-core/index.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [form, baseline, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function measure(path, ready) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(resolve(path)).href, { waitUntil: 'load' });
    if (ready) await page.waitForSelector('html[data-ready]');
    const ms = await page.evaluate((r) => r
      ? Number(document.documentElement.getAttribute('data-ready'))
      : performance.getEntriesByType('navigation')[0].loadEventEnd, ready);
    if (i >= 2) times.push(ms);
    await context.close();
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

const f = await measure(form, true);
const b = await measure(baseline, false);
await browser.close();
process.stdout.write(JSON.stringify({
  runs, form: f, baseline: b, ratio: Math.round((f.median / b.median) * 10) / 10,
}) + '\n');
