// Drives an HTML page of aima in Debian's Firefox ESR over WebDriver BiDi (tests/it/form.rs).
// Playwright's Firefox needs its own patched build, so this speaks BiDi itself: a handful of
// commands over the WebSocket that Firefox opens.
//
//   node --experimental-websocket tests/browser/firefox-test.mjs PAGE.html PLAN.json
//
// PLAN.json is a list of steps: {"eval": EXPR} (its value goes to "results"; a promise is
// awaited), {"keys": "ym\uE00C"} (typed into the focused element, one key at a time),
// {"reload": true}. Prints {"results", "requests", "errors", "prompts"}: the page's own
// requests, its console errors, and any alert, confirm or prompt it opened.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pagePath, planPath] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const url = pathToFileURL(resolve(pagePath)).href;
const profile = mkdtempSync(join(tmpdir(), 'aima-firefox-'));
// No updates, telemetry or remote settings: the browser's own traffic is not the page's,
// but there is no reason to make any.
writeFileSync(join(profile, 'user.js'), [
  'user_pref("app.update.enabled", false);',
  'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
  'user_pref("toolkit.telemetry.enabled", false);',
  'user_pref("browser.shell.checkDefaultBrowser", false);',
  'user_pref("network.captive-portal-service.enabled", false);',
  'user_pref("network.connectivity-service.enabled", false);',
].join('\n') + '\n');
const out = { results: [], requests: [], errors: [], prompts: [] };

const firefox = spawn('/usr/bin/firefox-esr', ['--headless', '--no-remote', '--remote-debugging-port=0',
  '--profile', profile], { stdio: ['ignore', 'ignore', 'pipe'] });
const endpoint = await new Promise((ok, fail) => {
  let text = '';
  const timer = setTimeout(() => fail(new Error('Firefox did not start: ' + text)), 60000);
  firefox.stderr.on('data', (chunk) => {
    text += chunk;
    const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(text);
    if (m) { clearTimeout(timer); ok(m[1]); }
  });
});

const ws = new WebSocket(endpoint + '/session');
await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });
let next = 0;
const pending = new Map();
let context = null;
ws.onmessage = (message) => {
  const m = JSON.parse(message.data);
  if (m.id !== undefined && pending.has(m.id)) {
    const { ok, fail } = pending.get(m.id);
    pending.delete(m.id);
    if (m.type === 'error') fail(new Error(m.error + ': ' + m.message)); else ok(m.result);
  } else if (m.method === 'network.beforeRequestSent' && m.params.context === context) {
    out.requests.push(m.params.request.url);
  } else if (m.method === 'log.entryAdded' && m.params.level === 'error') {
    out.errors.push(m.params.text);
  } else if (m.method === 'browsingContext.userPromptOpened') {
    out.prompts.push(m.params.message);
    send('browsingContext.handleUserPrompt', { context: m.params.context, accept: false }).catch(() => {});
  }
};
function send(method, params) {
  const id = next++;
  ws.send(JSON.stringify({ id, method, params }));
  return new Promise((ok, fail) => pending.set(id, { ok, fail }));
}

async function evaluate(expression) {
  const r = await send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
  if (r.type === 'exception') throw new Error('in the page: ' + r.exceptionDetails.text);
  return JSON.parse(r.result.value);
}

async function ready() {
  for (let i = 0; i < 100; i++) {
    if (await evaluate('JSON.stringify(document.documentElement.hasAttribute("data-ready"))')) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('the page did not become ready');
}

try {
  await send('session.new', { capabilities: { alwaysMatch: { unhandledPromptBehavior: { default: 'ignore' } } } });
  context = (await send('browsingContext.getTree', {})).contexts[0].context;
  await send('session.subscribe', { events: ['network.beforeRequestSent', 'log.entryAdded', 'browsingContext.userPromptOpened'] });
  await send('browsingContext.navigate', { context, url, wait: 'complete' });
  await ready();
  for (const step of plan) {
    if (step.eval) out.results.push(await evaluate('(async () => JSON.stringify(await (' + step.eval + ')))()'));
    else if (step.keys !== undefined) {
      const actions = [];
      for (const key of step.keys) actions.push({ type: 'keyDown', value: key }, { type: 'keyUp', value: key });
      await send('input.performActions', { context, actions: [{ type: 'key', id: 'keyboard', actions }] });
    } else if (step.reload) {
      await send('browsingContext.reload', { context, wait: 'complete' });
      await ready();
    } else throw new Error('unknown step ' + JSON.stringify(step));
  }
  await send('session.end', {}).catch(() => {});
} finally {
  ws.close();
  firefox.kill();
  await new Promise((ok) => firefox.once('exit', ok));
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');
