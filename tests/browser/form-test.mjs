// Drives an HTML page of aima in the Debian Chromium through Playwright (tests/it/form.rs).
//
//   node tests/browser/form-test.mjs PAGE.html PLAN.json
//
// PLAN.json is a list of steps, played in order on the page (file: URL, fresh profile):
//   {"click": SEL} {"press": KEY} {"type": TEXT} {"fill": SEL, "text": TEXT} {"focus": SEL}
//   {"reload": true}  reload the page          {"reopen": true}  close the tab, open a new one
//   {"save": PATH}    press "Save answers file" and keep the download at PATH
//   {"open": PATH}    choose PATH with "Open answers file" and wait for the page's message
//   {"read": EXPR}    evaluate EXPR in the page; its value goes to "results"
//   {"shot": PATH, "width": W, "height": H}   a screenshot of the viewport
// Prints one JSON document: {"results", "requests", "dialogs", "errors", "readyMs"}.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pagePath, planPath] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const url = pathToFileURL(resolve(pagePath)).href;
const profile = mkdtempSync(join(tmpdir(), 'aima-chromium-'));
const out = { results: [], requests: [], dialogs: [], errors: [], readyMs: null };

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
context.on('request', (r) => out.requests.push(r.url()));

function watch(page) {
  page.on('dialog', (d) => { out.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => out.errors.push('pageerror: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') out.errors.push(m.type() + ': ' + m.text()); });
  return page;
}

async function ready(page) {
  await page.waitForSelector('html[data-ready]', { timeout: 10000 });
}

let page = watch(context.pages()[0] || await context.newPage());
try {
  await page.goto(url);
  await ready(page);
  out.readyMs = Number(await page.getAttribute('html', 'data-ready'));
  for (const step of plan) {
    if (step.click) await page.click(step.click);
    else if (step.press) await page.keyboard.press(step.press);
    else if (step.type !== undefined) await page.keyboard.type(step.type);
    else if (step.fill) await page.fill(step.fill, step.text);
    else if (step.focus) await page.focus(step.focus);
    else if (step.reload) { await page.reload(); await ready(page); }
    else if (step.reopen) {
      await page.close();
      page = watch(await context.newPage());
      await page.goto(url);
      await ready(page);
    } else if (step.save) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click('#save')]);
      await download.saveAs(step.save);
      out.results.push(download.suggestedFilename());
    } else if (step.open) {
      await page.evaluate(() => { document.getElementById('status').textContent = ''; });
      await page.setInputFiles('#open-file', step.open);
      await page.waitForFunction(() => document.getElementById('status').textContent !== '', null, { timeout: 5000 });
      out.results.push(await page.textContent('#status'));
    } else if (step.read) out.results.push(await page.evaluate(step.read));
    else if (step.shot) {
      await page.setViewportSize({ width: step.width, height: step.height });
      await page.screenshot({ path: step.shot });
    } else throw new Error('unknown step ' + JSON.stringify(step));
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');
