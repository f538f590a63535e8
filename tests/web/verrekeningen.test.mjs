// tests/web/verrekeningen.test.mjs — the settlement pages in a real browser
// (issue 10 §4).
//
// Starts the real `noaber serve` ($NOABER_BIN) on a fresh demo database,
// closes the year 2019 through the API (the demo books nothing then) and
// drives Debian's chromium with playwright-core:
//   (a) the MT (beheer, enrolling its TOTP), with the keyboard only: the empty
//       list, the preview of 2019 picked from the select, the form sent
//       without the confirmation (the error next to the box, the choice
//       kept), then confirmed: the statement with hours, rate and amount;
//       printed (print media): no header, navigation or forms, the table whole;
//   (b) the coordinator finds the statement from the list and sees only its
//       own municipality's line;
//   (c) axe-core (WCAG 2.1 A and AA) finds 0 violations on every state above;
//   (d) at 320 px, under the CSP, the list, the preview and the statement do
//       not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll, tabTo,
} from './lib.mjs';

let srv, base, browser, logins;
let statement = null; // "/verrekeningen/N"

async function api(method, path, body) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${srv.token}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  browser = await launchBrowser();
  await api('POST', '/perioden', { van: '2019-01-01', tot: '2019-12-31' });
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

test('(a) the MT previews 2019 and settles it with the keyboard; the statement prints', async () => {
  const { context, page, problems } = await loginAs('beheer', { bypassCSP: true });
  await page.goto(`${base}/mt`);
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/verrekeningen"]')]);
  assert.match(await page.locator('main').innerText(), /Er is nog niets verrekend/);
  await assertAxeClean(page, '/verrekeningen (empty)');

  await tabTo(page, '#periode');
  await page.keyboard.type('Jaar 2019');
  assert.equal(await page.inputValue('#periode'), '2019');
  await tabTo(page, 'form[method="get"] button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const preview = await page.locator('main').innerText();
  assert.match(preview, /Voorstel voor 1 januari 2019 t\/m 31 december 2019/);
  assert.match(preview, /Alblasserdam/);
  assert.match(preview, /€ [\d.]+,\d\d (betaalt|ontvangt)/);
  await assertAxeClean(page, '/verrekeningen?periode=2019');

  // Alblasserdam (organisation 1) in money; sent without the confirmation
  await tabTo(page, '#keuze-1');
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('#keuze-1'));
  await tabTo(page, 'form[method="post"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#foutoverzicht-kop').count(), 1, 'error summary');
  assert.equal(await page.locator('#bevestig-fout').count(), 1, 'the error next to the box');
  assert.equal(await page.getAttribute('#bevestig', 'aria-invalid'), 'true');
  assert.ok(await page.isChecked('#keuze-1'), 'the choice is kept');
  assert.equal(await page.isChecked('#keuze-2'), false);
  await assertAxeClean(page, '/verrekeningen with an error');

  await tabTo(page, '#bevestig');
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('#bevestig'));
  await tabTo(page, 'form[method="post"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/verrekeningen\/\d+$/);
  statement = new URL(page.url()).pathname;
  const main = await page.locator('main').innerText();
  assert.match(main, /De verrekening is vastgelegd/);
  assert.match(main, /Verrekening jaar 2019/);
  assert.match(main, /per uur/);
  assert.match(main, /verrekenen/);
  assert.match(main, /overboeken/);
  await assertAxeClean(page, statement);

  // printed: the frame and the links are gone, the table is whole
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header').first().isVisible(), false, 'no page header');
  assert.equal(await page.locator('nav').first().isVisible(), false, 'no navigation');
  assert.equal(await page.locator('.nb-no-print').first().isVisible(), false, 'no links');
  assert.ok(await page.locator('#afrekening').isVisible(), 'the table prints');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000 && pdf.subarray(0, 5).toString() === '%PDF-', 'a PDF is printed');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) the coordinator reads its own line of the statement', async () => {
  assert.ok(statement, 'test (a) made a settlement');
  const { context, page, problems } = await loginAs('coordinator', { bypassCSP: true });
  await page.goto(`${base}/verrekeningen`);
  assert.match(await page.locator('main').innerText(), /Het netwerk-MT besluit/);
  await assertAxeClean(page, '/verrekeningen (coordinator)');
  await Promise.all([page.waitForNavigation(), page.click(`main a[href="${statement}"]`)]);
  const main = await page.locator('main').innerText();
  assert.match(main, /Alblasserdam/);
  assert.doesNotMatch(main, /Dordrecht/);
  assert.match(main, /betaalt|ontvangt/);
  await assertAxeClean(page, `${statement} (coordinator)`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(d) 320 px, under the CSP: list, preview and statement do not scroll sideways', async () => {
  const { context, page, problems } =
    await loginAs('beheer', { viewport: { width: 320, height: 640 } });
  for (const p of ['/verrekeningen', '/verrekeningen?periode=2019', statement]) {
    await page.goto(base + p);
    await assertNoHorizontalScroll(page, p);
  }
  assert.deepEqual(problems, [], 'no console or CSP errors');
  await context.close();
});
