// tests/web/account.test.mjs — accounts in a real browser (issue 8 §3).
//
// Starts `noaber serve` ($NOABER_BIN) on a fresh demo database and drives
// Debian's chromium with playwright-core:
//   (a) the demo beheer logs in, is sent to the enrolment page, reads the key
//       from the page, computes the TOTP code here (RFC 6238, HMAC-SHA-1),
//       is refused a wrong code, confirms, reaches its start page; logs out;
//       logs in again with password and code (a wrong code first: refused);
//   (b) a medewerker changes the password (errors first); the session of a
//       second browser context is then logged out;
//   (c) a second server with session_idle_seconds = 3 (a real operator
//       setting): a session idle past it says "Uw sessie is verlopen";
//   (d) after 5 wrong passwords the login is throttled with its message;
// axe-core (WCAG 2.1 A and AA) finds 0 violations on every page state added
// here, and none scrolls sideways at 320 px.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  startServer, launchBrowser, open, assertAxeClean, assertNoHorizontalScroll, totp,
} from './lib.mjs';

let srv, dir, base, browser, logins;

before(async () => {
  srv = await startServer();
  ({ dir, base, logins } = srv);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// A fresh context (axe is injected, so the CSP is bypassed in it only).
async function context(options = {}) {
  const { context: ctx, page, problems } = await open(browser, null,
    { bypassCSP: true, ...options });
  return { ctx, page, problems };
}

// Submits the login form on page at url with login and password (keyboard).
async function submitLogin(page, url, login, password) {
  await page.goto(`${url}/inloggen`);
  await page.fill('#gebruikersnaam', login);
  await page.fill('#wachtwoord', password);
  await page.press('#wachtwoord', 'Enter');
  await page.waitForLoadState();
}

// No horizontal scroll at 320 px for the page as it is now.
async function assertNarrow(page, what) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await assertNoHorizontalScroll(page, what);
  await page.setViewportSize(size);
}

const path_ = (page) => new URL(page.url()).pathname;

test('(a) beheer: enrol at first login with the key from the page, then password + code', async () => {
  const { ctx, page, problems } = await context();
  await submitLogin(page, base, logins.beheer.login, logins.beheer.password);
  assert.equal(path_(page), '/inloggen/koppelen');
  assert.equal(await page.locator('#sleutel').count(), 0, 'GET shows no key');
  await assertAxeClean(page, 'koppelen: uitleg');
  await page.click('button:has-text("Koppeling starten")');
  await page.waitForLoadState();
  const svg = page.locator('svg.nb-qr');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.match(await svg.locator('title').textContent(), /QR-code/);
  const shown = (await page.locator('#sleutel').textContent()).trim();
  assert.match(shown, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, `key in groups of four: ${shown}`);
  const secret = shown.replace(/ /g, '');
  await assertAxeClean(page, 'koppelen: sleutel en QR-code');
  await assertNarrow(page, 'koppelen: sleutel en QR-code');

  // a wrong code: refused next to the field, the same key to try again
  const now = () => Math.floor(Date.now() / 1000);
  await page.fill('#code', totp(secret, now() + 600));
  await page.press('#code', 'Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('#code-fout').textContent(), /De code klopt niet/);
  assert.equal((await page.locator('#sleutel').textContent()).trim(), shown);
  await assertAxeClean(page, 'koppelen: foute code');

  const step = Math.floor(now() / 30);
  await page.fill('#code', totp(secret, now()));
  await page.press('#code', 'Enter');
  await page.waitForURL(`${base}/mt`); // beheer's start page
  assert.match(await page.locator('[role="status"]').textContent(), /tweede factor is gekoppeld/);

  await page.goto(`${base}/account`);
  assert.match(await page.locator('dl').textContent(), /Tweede factor\s*Aan/);
  await page.click('header button:has-text("Uitloggen")');
  await page.waitForURL(`${base}/inloggen`);

  // again: password, then a wrong code (refused with a message), then the right one
  await submitLogin(page, base, logins.beheer.login, logins.beheer.password);
  assert.equal(path_(page), '/inloggen/code');
  await page.fill('#code', totp(secret, now() - 600));
  await page.press('#code', 'Enter');
  await page.waitForLoadState();
  assert.equal(path_(page), '/inloggen/code');
  assert.match(await page.locator('[role="alert"]').textContent(), /De code klopt niet/);
  await assertAxeClean(page, 'code: fout');
  // the step after the one used for enrolment (within the window of one step)
  await page.fill('#code', totp(secret, (step + 1) * 30));
  await page.press('#code', 'Enter');
  await page.waitForLoadState();
  if (path_(page) === '/inloggen/code') { // enrolment crossed into that step: the next one
    await page.fill('#code', totp(secret, (step + 2) * 30));
    await page.press('#code', 'Enter');
  }
  await page.waitForURL(`${base}/mt`);
  await page.goto(`${base}/account`);
  await assertAxeClean(page, 'account: beheer');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('(b) medewerker changes the password; another browser\'s session ends', async () => {
  const a = await context();
  const b = await context();
  for (const s of [a, b]) {
    await submitLogin(s.page, base, logins.medewerker.login, logins.medewerker.password);
    assert.equal(path_(s.page), '/mijn-inzet'); // the medewerker's start page
  }
  const { page } = a;
  await page.click('nav a:has-text("Mijn account")');
  await page.waitForURL(`${base}/account`);
  assert.match(await page.locator('dl').textContent(), /Tweede factor\s*Uit/);
  await assertAxeClean(page, 'account: medewerker');
  await assertNarrow(page, 'account');

  await page.goto(`${base}/account/tweede-factor`);
  await assertAxeClean(page, 'tweede factor: uitleg');
  await page.goto(`${base}/account`);

  const fresh = 'een nieuw en lang wachtwoord';
  await page.fill('#huidig-wachtwoord', logins.medewerker.password);
  await page.fill('#nieuw-wachtwoord', 'kort');
  await page.fill('#herhaal-wachtwoord', 'kort');
  await page.press('#herhaal-wachtwoord', 'Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('#nieuw-wachtwoord-fout').textContent(), /minstens 12 tekens/);
  await assertAxeClean(page, 'account: wachtwoord te kort');

  await page.fill('#huidig-wachtwoord', logins.medewerker.password);
  await page.fill('#nieuw-wachtwoord', fresh);
  await page.fill('#herhaal-wachtwoord', fresh);
  await page.press('#herhaal-wachtwoord', 'Enter');
  await page.waitForURL(`${base}/account`);
  assert.match(await page.locator('[role="status"]').textContent(),
    /Uw wachtwoord is gewijzigd; andere sessies zijn beëindigd/);
  logins.medewerker.password = fresh;

  await b.page.goto(`${base}/netwerk`);
  assert.equal(path_(b.page), '/inloggen', 'the other browser is logged out');
  assert.match(await b.page.locator('[role="status"]').textContent(), /sessie is verlopen/);
  await page.goto(`${base}/netwerk`); // this browser stays in
  assert.equal(path_(page), '/netwerk');
  assert.deepEqual(a.problems, []);
  await a.ctx.close();
  await b.ctx.close();
});

test('(c) a session idle past session_idle_seconds: "Uw sessie is verlopen"', async () => {
  const conf = path.join(dir, 'kort.conf');
  writeFileSync(conf, 'session_idle_seconds = 3\n');
  const short = await srv.serveAgain(['--config', conf]);
  const { ctx, page } = await context();
  await submitLogin(page, short, logins.coordinator.login, logins.coordinator.password);
  // logged in: the cookie is set (on a busy machine the start page itself may
  // already come after the 3 s; the message below needs an ended session)
  const cookies = await ctx.cookies();
  assert.ok(cookies.some((c) => c.name === '__Host-noaber-sessie' && c.value.length === 43),
    `no session cookie: ${path_(page)}`);
  await new Promise((r) => setTimeout(r, 4500));
  await page.goto(`${short}/account`);
  assert.equal(path_(page), '/inloggen');
  assert.match(await page.locator('[role="status"]').textContent(), /Uw sessie is verlopen/);
  await assertAxeClean(page, 'sessie verlopen');
  await ctx.close();
});

test('(d) five wrong passwords: the sixth attempt is throttled with its message', async () => {
  const { ctx, page } = await context();
  for (let i = 0; i < 5; i++) {
    await submitLogin(page, base, logins.lezer.login, `fout-wachtwoord-${i}`);
    assert.match(await page.locator('[role="alert"]').textContent(),
      /De gebruikersnaam of het wachtwoord klopt niet/, `attempt ${i + 1}`);
  }
  await submitLogin(page, base, logins.lezer.login, logins.lezer.password);
  assert.equal(path_(page), '/inloggen');
  assert.match(await page.locator('[role="alert"]').textContent(),
    /Te veel mislukte pogingen\. Probeer het over \d+ minuu?t(en)? opnieuw/);
  await assertAxeClean(page, 'inloggen: te veel pogingen');
  await ctx.close();
});
