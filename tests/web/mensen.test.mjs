// tests/web/mensen.test.mjs — the coordinator's pages in a real browser
// (issue 8 §4): /organisatie, /medewerkers, /medewerkers/{id},
// /medewerkers/{id}/bewerken and /organisaties/{id}/afschrift.
//
// Starts `noaber serve` ($NOABER_BIN) on a fresh demo database, adds a
// person named like a script to the demo coordinator's organisation and an
// empty organisation with its own coordinator, and checks with chromium:
//   (a) the coordinator filters the people and edits a person with the
//       keyboard only (Tab, arrow keys, typing, Enter), and the change shows;
//   (b) axe-core (WCAG 2.1 A and AA) finds 0 violations on every page, in
//       its filled, empty and error states, and nothing logs a CSP error;
//   (c) no horizontal scroll at 320 px on any of them;
//   (d) print media: the navigation, header, forms and buttons are hidden
//       and the statement table is not cut off by its scrolling container;
//   (e) the script-like name shows as text.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  bin, startServer, launchBrowser, loginAs as loginIn, assertAxeClean,
} from './lib.mjs';

const XSS = '<script>alert(1)</script>';
const EMPTY_PW = 'leeg-wachtwoord-2026';

let srv, base, browser, token, db, logins;
let orgId; // the demo coordinator's organisation
let emptyOrg;

async function api(method, p, body) {
  const res = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

before(async () => {
  srv = await startServer();
  ({ base, db, token, logins } = srv);
  const users = execFileSync(bin, ['user', 'list', '--db', db]).toString();
  const line = users.split('\n').find((l) => l.includes(logins.coordinator.login));
  assert.ok(line, users);
  const org = await api('POST', '/organisaties', { code: 'XSS02', soort: 'partner', naam: 'Leeg' });
  assert.equal(org.status, 201);
  emptyOrg = org.json.id;
  // one deposit, so that its statement has a few lines (the demo organisations'
  // statements have thousands: too slow for axe at every state)
  const dep = await api('POST', '/boekingen', { boekingen: [{ id: 'st-leeg',
    soort: 'storting', creditOrganisatieId: emptyOrg, bedragCent: 90000,
    omschrijving: `inleg ${XSS}` }] });
  assert.equal(dep.status, 201, JSON.stringify(dep.json));
  execFileSync(bin, ['user', 'create', 'leeg-coordinator', '--role', 'coordinator',
    '--organisation', String(emptyOrg), '--db', db], { input: `${EMPTY_PW}\n` });
  logins.leeg = { login: 'leeg-coordinator', password: EMPTY_PW };
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// A context logged in as role through the login form; bypassCSP only for
// contexts that inject axe.
const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

// Presses Tab until the element matching selector has the focus.
async function tabTo(page, selector, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${selector}`);
}

// Every state of every page this file covers, as [what, role, path, status].
function pages() {
  const a = `/organisaties/${orgId}/afschrift`;
  return [
    ['start, filled', 'coordinator', '/organisatie', 200],
    ['start, empty', 'leeg', '/organisatie', 200],
    ['people, filled', 'coordinator', '/medewerkers', 200],
    ['people, empty', 'leeg', '/medewerkers', 200],
    ['people, no match', 'coordinator', '/medewerkers?naam=zzzzzz', 200],
    ['people, error', 'coordinator', '/medewerkers?niveau=3', 422],
    ['statement, filled', 'leeg', `/organisaties/${emptyOrg}/afschrift?vanaf=&tot=`, 200],
    ['statement, empty', 'leeg', `/organisaties/${emptyOrg}/afschrift?vanaf=2001-01-01&tot=2001-01-31`, 200],
    ['statement, error', 'coordinator', `${a}?vanaf=2026-13-01&tot=2026-01-01`, 422],
  ];
}

test('setup: the coordinator starts on /organisatie; a person named like a script', async () => {
  const { context, page, problems } = await loginAs('coordinator');
  assert.ok(page.url().endsWith('/organisatie'), page.url());
  const href = await page.getAttribute('a[href$="/afschrift"]', 'href');
  orgId = Number(href.match(/\/organisaties\/(\d+)\//)[1]);
  const comps = await api('GET', '/competenties?paginaGrootte=5');
  const comp = comps.json._embedded.competenties[0].id;
  const p = await api('POST', '/medewerkers', {
    organisatieId: orgId, naam: XSS, email: 'xss@example.nl', schaal: 9,
    contractMinutenPerWeek: 2160, netwerkMinutenPerWeek: 240,
    competenties: [{ competentieId: comp, niveau: 3 }],
  });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  await page.goto(`${base}/medewerkers?naam=${encodeURIComponent('<script>')}`);
  assert.equal(await page.locator('table').getByText(XSS, { exact: true }).count(), 1);
  assert.equal(await page.locator('script').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(a) keyboard only: filter the people, open one, edit and save', async () => {
  const { context, page, problems } = await loginAs('coordinator');
  await page.goto(`${base}/medewerkers`);
  const before = await page.locator('#resultaat').textContent();
  await tabTo(page, '#competentie');
  await page.keyboard.press('ArrowDown'); // the first competency
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'niveau');
  await page.keyboard.press('ArrowDown'); // level 1
  await tabTo(page, 'form.nb-filter button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /competentie=\d+&niveau=1/);
  const after = await page.locator('#resultaat').textContent();
  assert.notEqual(after, before, 'the filter changed nothing');
  // open the first person from the table
  await tabTo(page, 'table a.utrecht-link');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/medewerkers\/\d+$/);
  const personUrl = page.url();
  await tabTo(page, 'a[href$="/bewerken"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/bewerken$/);
  await tabTo(page, '#netwerkuren');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('9,5');
  await tabTo(page, 'button[value="opslaan"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(page.url(), personUrl);
  assert.match(await page.locator('main').textContent(), /De wijzigingen zijn opgeslagen/);
  assert.match(await page.locator('main').textContent(), /9,5 uur per week/);
  // "Meer regels" with the keyboard adds rows without saving
  await page.goto(`${personUrl}/bewerken`);
  const rows = await page.locator('select[id^="competentie-"]').count();
  await tabTo(page, 'button[value="meer"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('select[id^="competentie-"]').count(), rows + 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) axe: 0 violations on every page in its filled, empty and error states', async () => {
  const sessions = {}; // one login per role
  for (const [what, role, p, status] of pages()) {
    sessions[role] ??= await loginAs(role, { bypassCSP: true });
    const { page } = sessions[role];
    const res = await page.goto(base + p);
    assert.equal(res.status(), status, `${what}: ${p}`);
    await assertAxeClean(page, what);
  }
  // the person and the edit form, filled and with errors
  const { context, page } = sessions.coordinator;
  await page.goto(`${base}/medewerkers`);
  const href = await page.getAttribute('table a.utrecht-link', 'href');
  await page.goto(base + href);
  await assertAxeClean(page, 'person');
  await page.goto(`${base}${href}/bewerken`);
  await assertAxeClean(page, 'edit form');
  await page.fill('#niveau-1', '9');
  await page.fill('#netwerkuren', 'veel');
  await Promise.all([page.waitForNavigation(), page.click('button[value="opslaan"]')]);
  assert.match(await page.locator('.nb-error-summary').textContent(), /niveau van 1 tot en met 5/);
  assert.equal(await page.inputValue('#niveau-1'), '9'); // what was typed stays
  await assertAxeClean(page, 'edit form with errors');
  // the summary's link moves the focus to the field
  await page.click('.nb-error-summary a[href="#niveau-1"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'niveau-1');
  await context.close();
  await sessions.leeg.context.close();
});

test('(b) no CSP or console errors on the pages', async () => {
  const sessions = {}; // one login per role
  for (const [what, role, p, status] of pages()) {
    sessions[role] ??= await loginAs(role);
    const { page, problems } = sessions[role];
    problems.length = 0;
    await page.goto(base + p);
    // the browser logs the page's own 422 status as a console error: expected there
    const other = problems.filter((m) => !(status === 422 && /status of 422/.test(m)));
    assert.deepEqual(other, [], what);
  }
  for (const s of Object.values(sessions)) await s.context.close();
});

test('(c) 320 px wide: no horizontal scroll', async () => {
  const sessions = {}; // one login per role
  for (const [what, role, p] of pages()) {
    sessions[role] ??= await loginAs(role, { viewport: { width: 320, height: 640 } });
    const { page } = sessions[role];
    await page.goto(base + p);
    const w = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    }));
    assert.ok(w.scroll <= w.inner, `${what}: ${w.scroll}px wide in a ${w.inner}px window`);
  }
  for (const s of Object.values(sessions)) await s.context.close();
  const { context, page } = await loginAs('coordinator', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/medewerkers`);
  const href = await page.getAttribute('table a.utrecht-link', 'href');
  for (const p of [href, `${href}/bewerken`]) {
    await page.goto(base + p);
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= 320, `${p}: ${w}px wide`);
  }
  await context.close();
});

test('(d) print: no navigation, forms or buttons; the statement table in full', async () => {
  const { context, page } = await loginAs('leeg');
  await page.goto(`${base}/organisaties/${emptyOrg}/afschrift?vanaf=&tot=`);
  await page.emulateMedia({ media: 'print' });
  const shown = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)]
    .some((e) => getComputedStyle(e).display !== 'none'), sel);
  assert.equal(await shown('nav'), false, 'navigation printed');
  assert.equal(await shown('header'), false, 'page header printed');
  assert.equal(await shown('form'), false, 'period form printed');
  assert.equal(await shown('button'), false, 'buttons printed');
  const table = await page.evaluate(() => {
    const c = document.querySelector('[aria-labelledby="regels-bijschrift"]');
    return { overflow: getComputedStyle(c).overflowX, rows: c.querySelectorAll('tbody tr').length };
  });
  assert.equal(table.overflow, 'visible');
  assert.ok(table.rows > 0, 'no statement lines');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await shown('nav'), true);
  await context.close();
});
