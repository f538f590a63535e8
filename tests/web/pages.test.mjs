// tests/web/pages.test.mjs — the pages in a real browser (issue 8).
//
// Starts the real `noaber serve` ($NOABER_BIN) on a fresh demo database on a
// free loopback port, adds an organisation named like a script through the
// API, and drives Debian's chromium with playwright-core:
//   (a) every public GET page of the page table (src/web/pages.c): axe-core,
//       WCAG 2.1 A and AA, 0 violations; no Content-Security-Policy report;
//   (b) keyboard: Tab reaches the skip link first, Enter goes to the main
//       content, every link and control is reached by Tab with a visible focus;
//   (c) XSS: the organisation's name is shown as text, nothing runs;
//   (d) 320 px wide: no horizontal scroll on any public page;
//   (e) the 404 page and a form with errors pass axe too; the error summary
//       links move the focus to the fields;
//   (f) logging in with the demo logins `noaber demo` prints: a wrong password
//       is refused with one message, the right one opens the role's pages
//       (the __Host- cookie works on 127.0.0.1), logout shows its message once.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, launchBrowser, open as openIn, loginAs as loginIn, assertAxeClean,
  assertNoHorizontalScroll,
} from './lib.mjs';

const XSS = '<script>alert(1)</script>';

// The public GET pages of the page table, read from its source so that a new
// page is visited without editing this test.
function publicPages() {
  const src = readFileSync(path.join(root, 'src/web/pages.c'), 'utf8');
  const rows = [...src.matchAll(/\{"GET", "([^"]+)", \w+, ([^,]+),/g)];
  const pages = rows
    .filter(([, p, roles]) => !p.includes('{') && /\b(PUB|ALL|NB_ROLE_PUBLIC)\b/.test(roles))
    .map(([, p]) => p);
  assert.ok(pages.length >= 4, `page table not understood: ${pages}`);
  return pages;
}

let srv, base, browser, logins;

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  const res = await fetch(`${base}/api/v1/organisaties`, {
    method: 'POST',
    headers: { 'Authorization': `Bearer ${srv.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: 'XSS01', soort: 'partner', naam: XSS }),
  });
  assert.equal(res.status, 201, await res.text());
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const open = (url, options = {}) => openIn(browser, url, options);
const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

test('(a) every public page: 200, no CSP or console error, axe WCAG 2.1 A+AA 0 violations', async () => {
  for (const p of publicPages()) {
    const plain = await open(base + p);
    assert.equal(plain.res.status(), 200, p);
    assert.equal(await plain.page.getAttribute('html', 'lang'), 'nl', p);
    assert.deepEqual(plain.problems, [], `${p}: console errors`);
    await plain.context.close();
    // axe is injected as a script, which the page's CSP forbids: only this
    // context bypasses it.
    const { context, page } = await open(base + p, { bypassCSP: true });
    await assertAxeClean(page, p);
    await context.close();
  }
});

const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex="0"]';

// The focused element: its place among the focusable ones, and whether it
// shows a focus indicator (outline or box shadow).
const focusVisible = (sel) => {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    idx: [...document.querySelectorAll(sel)].indexOf(el), tag: el.tagName, text: (el.textContent || '').trim().slice(0, 40),
    href: el.getAttribute('href'), cls: el.className,
    visible: r.width > 0 && r.height > 0,
    indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
  };
};

test('(b) keyboard: skip link first, then every link and control with visible focus', async () => {
  for (const p of ['/', '/netwerk', '/inloggen']) {
    const { context, page } = p === '/netwerk' ? await loginAs('lezer') : await open(base + p);
    await page.goto(base + p);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(focusVisible, FOCUSABLE);
    assert.equal(first.href, '#inhoud', `${p}: first Tab goes to ${JSON.stringify(first)}`);
    assert.ok(first.visible && first.indicator, `${p}: skip link not visibly focused`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => location.hash), '#inhoud');
    await page.goto(base + p);
    const want = await page.evaluate((sel) => document.querySelectorAll(sel).length, FOCUSABLE);
    const seen = [];
    for (let i = 0; i < want + 5; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(focusVisible, FOCUSABLE);
      if (f.idx < 0 || seen.includes(f.idx)) break; /* back to the start */
      assert.ok(f.visible && f.indicator, `${p}: no visible focus on ${JSON.stringify(f)}`);
      seen.push(f.idx);
    }
    assert.equal(seen.length, want, `${p}: Tab reached ${seen.length} of ${want}`);
    await context.close();
  }
});

test('(c) an organisation named like a script is shown as text and does not run', async () => {
  const { context, page, problems } = await loginAs('lezer');
  await page.goto(`${base}/netwerk`);
  const cells = await page.locator('main table th[scope="row"]').allTextContents();
  assert.ok(cells.includes(XSS), `names in the table: ${cells}`);
  const labels = await page.locator('main svg text').allTextContents();
  assert.ok(labels.includes(XSS), 'name in the chart');
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(d) 320 px wide: no horizontal scroll', async () => {
  for (const p of publicPages()) {
    const { context, page } = await open(base + p, { viewport: { width: 320, height: 640 } });
    await assertNoHorizontalScroll(page, p);
    await context.close();
  }
});

test('(e) 404 page and a form with errors: axe clean, summary links focus the fields', async () => {
  const missing = await open(`${base}/bestaat-niet`, { bypassCSP: true });
  assert.equal(missing.res.status(), 404);
  assert.match(await missing.page.locator('h1').textContent(), /Pagina niet gevonden/);
  await assertAxeClean(missing.page, '404');
  await missing.context.close();

  const { context, page } = await open(`${base}/inloggen`, { bypassCSP: true });
  await page.fill('#gebruikersnaam', 'jan');
  await page.press('#gebruikersnaam', 'Enter'); // submit with the keyboard, no script
  await page.waitForLoadState();
  assert.equal(await page.inputValue('#gebruikersnaam'), 'jan', 'what was typed stays');
  const summary = page.locator('[role="alert"] a');
  assert.deepEqual(await summary.allTextContents(), ['Vul uw wachtwoord in.']);
  assert.equal(await page.getAttribute('#wachtwoord', 'aria-invalid'), 'true');
  await assertAxeClean(page, 'inloggen met fouten');
  await summary.first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'wachtwoord');
  await context.close();
});

test('(f) login: one message for a wrong password, the role\'s pages after, logout once', async () => {
  const { context, page } = await open(`${base}/inloggen`, { bypassCSP: true });
  await page.fill('#gebruikersnaam', logins.coordinator.login);
  await page.fill('#wachtwoord', 'niet-het-wachtwoord');
  await page.press('#wachtwoord', 'Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('[role="alert"]').textContent(),
    /De gebruikersnaam of het wachtwoord klopt niet/);
  assert.equal(await page.inputValue('#wachtwoord'), '', 'the password is not shown again');
  await assertAxeClean(page, 'inloggen mislukt');
  await context.close();
  for (const role of ['coordinator', 'medewerker', 'lezer']) {
    const s = await loginAs(role, { bypassCSP: true });
    await s.page.goto(`${base}/netwerk`);
    assert.equal(new URL(s.page.url()).pathname, '/netwerk', `${role}: /netwerk opens`);
    const cookies = await s.context.cookies();
    const c = cookies.find((k) => k.name === '__Host-noaber-sessie');
    assert.ok(c && c.httpOnly && c.secure && c.sameSite === 'Lax', `${role}: cookie ${JSON.stringify(c)}`);
    const header = await s.page.locator('header').textContent();
    assert.match(header, /Uitloggen/, `${role}: header ${header}`);
    await assertAxeClean(s.page, `${role}: netwerk`);
    // Logout (a POST with the CSRF token): the message once, then the login form.
    await s.page.click('header button:has-text("Uitloggen")');
    await s.page.waitForURL(`${base}/inloggen`);
    assert.match(await s.page.locator('[role="status"]').textContent(), /U bent uitgelogd/);
    await s.page.reload();
    assert.equal(await s.page.locator('[role="status"]').count(), 0);
    await s.page.goto(`${base}/netwerk`);
    assert.equal(new URL(s.page.url()).pathname, '/inloggen', `${role}: logged out`);
    assert.deepEqual(s.problems, [], `${role}: console errors`);
    await s.context.close();
  }
});
