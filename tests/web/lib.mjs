// tests/web/lib.mjs — what every browser test shares (issue 8 §6): a real
// `noaber serve` on a fresh demo database, Debian's chromium through
// playwright-core, logging in through the login form (with the TOTP step and
// enrolment for beheer), axe-core (WCAG 2.1 A and AA) and the TOTP code.
// Not a test itself (run_browser.sh runs *.test.mjs only).
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = process.env.NOABER_BIN;
const axePath = path.join(root, 'node_modules/axe-core/axe.min.js');

// Starts `noaber serve` ($NOABER_BIN) on db with extra arguments; resolves
// to { base, process }.
function serveOn(db, extra) {
  const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve({ base: m[1], process: server });
    });
    server.on('exit', (code) => reject(new Error(`noaber serve exited with ${code}`)));
  });
}

// Starts `noaber serve` on a fresh demo database. Returns { base, db, dir,
// token (a beheer API token), logins: role -> { login, password },
// serveAgain(extraArgs) (another server on the same database; its base URL),
// stop() (every server, and the directory) }. extraServeArgs are added to the
// first server's command line.
export async function startServer(extraServeArgs = []) {
  assert.ok(bin, 'NOABER_BIN must name the noaber binary');
  const dir = mkdtempSync(path.join(tmpdir(), 'noaber-web-'));
  const db = path.join(dir, 'noaber.db');
  execFileSync(bin, ['init', '--db', db]);
  const demo = execFileSync(bin, ['demo', '--db', db]).toString();
  const logins = {};
  for (const m of demo.matchAll(/^ {2}(\w+) +(\S+) +(\S+)$/gm)) {
    logins[m[1]] = { login: m[2], password: m[3] };
  }
  assert.ok(logins.lezer && logins.coordinator && logins.medewerker && logins.beheer,
    `demo logins: ${demo}`);
  const token = execFileSync(bin, ['token', 'create', '--role', 'beheer', '--label', 'browser',
    '--db', db]).toString().trim().split('\n').pop();
  const servers = [];
  const serveAgain = async (extra = []) => {
    const s = await serveOn(db, extra);
    servers.push(s.process);
    return s.base;
  };
  const base = await serveAgain(extraServeArgs);
  return {
    base, db, dir, token, logins, serveAgain,
    async stop() {
      for (const server of servers) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Debian's chromium, headless, as the machine's notes prescribe.
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking'],
  });
}

// A form answered with 422 (errors at the fields), 409 (refused, with the
// reason) or 429 (throttled) is an expected state of a page, which chromium
// also logs as an error.
const EXPECTED = /the server responded with a status of (409|422|429)/;

// A page in a fresh context with its console errors (but EXPECTED), page
// errors and dialogs collected in problems. url may be null (no navigation).
export async function open(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  const res = url ? await page.goto(url) : null;
  return { context, page, res, problems };
}

// The RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at Unix time t.
export function totp(secret, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    assert.ok(v >= 0, `not base32: ${secret}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const v = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(v % 1000000).padStart(6, '0');
}

// Saves a PNG of the page's viewport as <name>.png in the directory
// $NOABER_SCREENSHOTS (relative to the repository root), for the user guide
// (docs/handleiding.md, `make screenshots`). Does nothing when the variable
// is unset.
export async function screenshot(page, name) {
  const dir = process.env.NOABER_SCREENSHOTS;
  if (!dir) return;
  const to = path.resolve(root, dir);
  mkdirSync(to, { recursive: true });
  await page.screenshot({ path: path.join(to, `${name}.png`) });
}

// Logs in through the login form as account { login, password, totp? } in a
// fresh context (options for newContext). A beheer account is enrolled on
// its first login (the secret is read from the enrolment page and kept in
// account.totp); later logins give the code. With options.shots the login
// steps are saved by screenshot() (inloggen, inloggen-koppelen,
// inloggen-code). Returns open()'s result, on the role's start page.
export async function loginAs(browser, base, account, options = {}) {
  const { shots, ...contextOptions } = options;
  const shot = (name) => (shots ? screenshot(s.page, name) : undefined);
  const s = await open(browser, `${base}/inloggen`, contextOptions);
  const { page } = s;
  await shot('inloggen');
  await page.fill('#gebruikersnaam', account.login);
  await page.fill('#wachtwoord', account.password);
  await page.press('#wachtwoord', 'Enter');
  await page.waitForLoadState();
  let at = new URL(page.url()).pathname;
  if (at === '/inloggen/koppelen') {
    await page.click('button:has-text("Koppeling starten")');
    await page.waitForLoadState();
    await shot('inloggen-koppelen');
    const secret = (await page.locator('#sleutel').textContent()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{32}$/, 'enrolment page shows the secret');
    account.totp = secret;
    account.lastCode = totp(secret); // used once: the next login in this step must wait
    await page.fill('#code', account.lastCode);
    await page.press('#code', 'Enter');
    await page.waitForLoadState();
    at = new URL(page.url()).pathname;
  } else if (at === '/inloggen/code') {
    assert.ok(account.totp, `${account.login}: a code is asked but the secret is unknown`);
    let code = totp(account.totp);
    if (account.lastCode === code) { // a code is accepted once: wait for the next step
      await new Promise((r) => setTimeout(r, (30 - (Date.now() / 1000) % 30) * 1000 + 200));
      code = totp(account.totp);
    }
    account.lastCode = code;
    await shot('inloggen-code');
    await page.fill('#code', code);
    await page.press('#code', 'Enter');
    await page.waitForLoadState();
    at = new URL(page.url()).pathname;
  }
  assert.ok(!at.startsWith('/inloggen'), `${account.login}: still at ${at}`);
  return s;
}

// Runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now; fails on
// any violation. The context must bypass the CSP (axe is injected as a script).
export async function assertAxeClean(page, what) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(found, [], `${what}: axe violations`);
  // axe really ran: it judged the whole WCAG rule set, and some rules found something to pass
  const judged = result.passes.length + result.inapplicable.length + result.incomplete.length;
  assert.ok(judged > 40 && result.passes.length >= 5,
    `${what}: axe judged only ${judged} rules, ${result.passes.length} passed`);
}

// No horizontal scroll at the page's current viewport.
export async function assertNoHorizontalScroll(page, what) {
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  }));
  assert.ok(w.scroll <= w.inner, `${what}: ${w.scroll}px wide in a ${w.inner}px window`);
}

// Presses Tab until the focused element matches selector (at most limit presses).
export async function tabTo(page, selector, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement.matches(sel), selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}
