// tests/web/rapportages.test.mjs — the report pages in a real browser (issue 11 §3/§4). On a
// fresh demo database, with Debian's chromium:
//   (a) the demo coordinator goes from /organisatie to /rapportages to the own college report
//       by keyboard-reachable links; axe-core (WCAG 2.1 A and AA) finds 0 violations;
//   (b) the MT: the index, the college report's form only (no municipality yet), the filled
//       report, the error state (a bad quarter: 422 next to the field), the adviesrapportage —
//       each without axe violations; the college report at 320 px without horizontal scroll;
//   (c) the demo reader: the raadsinformatie and the adviesrapportage without axe violations,
//       at 320 px without horizontal scroll, every chart with its accessible name.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll,
} from './lib.mjs';

let srv, base, browser, logins;

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// bypassCSP only lets axe be injected (the sweep checks the pages under the CSP).
const loginAs = (role, options = {}) =>
  loginIn(browser, base, logins[role], { bypassCSP: true, ...options });

const now = new Date();
const quarter = `${now.getFullYear()}-K${Math.floor(now.getMonth() / 3) + 1}`;

test('a coordinator reaches the own college report from /organisatie', async () => {
  const { context, page } = await loginAs('coordinator');
  await page.goto(`${base}/organisatie`);
  await page.click('main a[href="/rapportages"]');
  await page.waitForLoadState();
  assert.equal(await page.locator('h1').textContent(), 'Rapportages');
  await assertAxeClean(page, '/rapportages (coordinator)');
  await page.focus('main a[href="/rapportages/college"]');
  await Promise.all([page.waitForURL(/\/rapportages\/college/), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('h2:has-text("Uren gebracht en gehaald")').count(), 1);
  assert.ok(await page.locator('svg[role=img]').count() >= 2, 'charts');
  await assertAxeClean(page, '/rapportages/college (coordinator)');
  await context.close();
});

test('the MT: index, form, report, error, advies; 320 px', async () => {
  const { context, page } = await loginAs('beheer');
  await page.goto(`${base}/rapportages`);
  await assertAxeClean(page, '/rapportages (MT)');
  await page.goto(`${base}/rapportages/college`);
  assert.equal(await page.locator('#organisatie').count(), 1);
  assert.equal(await page.locator('h2').count(), 0, 'only the form');
  await assertAxeClean(page, '/rapportages/college (form)');
  await page.goto(`${base}/rapportages/college?organisatie=1&kwartaal=${quarter}`);
  for (const h of ['Uren gebracht en gehaald', 'Opdrachten', 'Bundeling', 'Kwetsbaarheid',
    'Leerervaringen']) {
    assert.equal(await page.locator(`h2:has-text("${h}")`).count(), 1, h);
  }
  await assertAxeClean(page, '/rapportages/college (report)');
  const res = await page.goto(`${base}/rapportages/college?organisatie=1&kwartaal=2026-K9`);
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('#kwartaal').getAttribute('aria-invalid'), 'true');
  await assertAxeClean(page, '/rapportages/college (error)');
  await page.goto(`${base}/rapportages/advies`);
  assert.equal(await page.locator('h2:has-text("Wat niet gemeten kon worden")').count(), 1);
  await assertAxeClean(page, '/rapportages/advies (MT)');
  await context.close();
  const narrow = await loginAs('beheer', { viewport: { width: 320, height: 640 } });
  await narrow.page.goto(`${base}/rapportages/college?organisatie=1&kwartaal=${quarter}`);
  await assertNoHorizontalScroll(narrow.page, '/rapportages/college at 320 px');
  await narrow.context.close();
});

test('a reader: raadsinformatie and adviesrapportage, also at 320 px', async () => {
  const { context, page } = await loginAs('lezer', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/rapportages/raad?organisatie=1&kwartaal=${quarter}`);
  assert.equal(await page.locator('h1').textContent(), 'Raadsinformatie');
  assert.equal(await page.locator('text=Kartrekkers').count(), 0);
  const charts = page.locator('svg[role=img]');
  for (let i = 0; i < await charts.count(); i++) {
    const id = await charts.nth(i).getAttribute('aria-labelledby');
    assert.ok((await page.locator(`[id="${id}"]`).textContent()).length > 5, 'chart name');
  }
  await assertAxeClean(page, '/rapportages/raad');
  await assertNoHorizontalScroll(page, '/rapportages/raad at 320 px');
  await page.goto(`${base}/rapportages/advies`);
  await assertAxeClean(page, '/rapportages/advies (reader)');
  await assertNoHorizontalScroll(page, '/rapportages/advies at 320 px');
  await context.close();
});
