// tests/web/programmas.test.mjs — the programme pages and the work stock in a real browser
// (issue 10 §1).
//
// Starts the real `noaber serve` ($NOABER_BIN) on a fresh demo database (the demo has the
// regional rMJP programme 1 and programme 2 of the demo coordinator's gemeente, both with
// assignments) and drives Debian's chromium with playwright-core:
//   (a) the coordinator, with the keyboard only: the list (filled, and empty through the
//       year filter), a new programme sent empty (errors next to the fields), then filled in
//       and saved; its own programme's page with its assignments;
//   (b) the MT: the work stock with its chart and table, filtered on a programme, and a bad
//       month (the error next to the field); /mt links it;
//   (c) axe-core (WCAG 2.1 A and AA) finds 0 violations on every state above;
//   (d) at 320 px, under the CSP, none of the pages scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll, tabTo,
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

const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

test('(a) the coordinator: the list, an empty filter, a new programme with errors, then saved', async () => {
  const { context, page, problems } = await loginAs('coordinator', { bypassCSP: true });
  await page.goto(`${base}/programmas`);
  const main = await page.locator('main').innerText();
  assert.match(main, /rMJP werkprogramma/);
  assert.match(main, /Meerjarenprogramma/);
  await assertAxeClean(page, '/programmas');
  // the year filter with the keyboard: a year no programme runs in
  await tabTo(page, '#jaar');
  await page.keyboard.type('2099');
  await tabTo(page, 'form[method="get"] button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /jaar=2099/);
  assert.match(await page.locator('main').innerText(), /Geen programma's gevonden/);
  await assertAxeClean(page, '/programmas (empty)');

  await page.goto(`${base}/programmas/nieuw`);
  await assertAxeClean(page, '/programmas/nieuw');
  // sent without a name and with the years reversed: errors next to the fields
  await tabTo(page, '#eerstejaar');
  await page.keyboard.type('2031');
  await tabTo(page, '#laatstejaar');
  await page.keyboard.type('2030');
  await tabTo(page, 'form[method="post"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#foutoverzicht-kop').count(), 1, 'error summary');
  assert.equal(await page.locator('#naam-fout').count(), 1);
  assert.equal(await page.locator('#laatstejaar-fout').count(), 1);
  assert.equal(await page.getAttribute('#naam', 'aria-invalid'), 'true');
  await assertAxeClean(page, '/programmas/nieuw with errors');
  // fixed: a name and the years in order
  await tabTo(page, '#naam');
  await page.keyboard.type('Programma duurzaamheid');
  await tabTo(page, '#laatstejaar');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2033');
  await tabTo(page, 'form[method="post"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/programmas\/\d+$/);
  const saved = await page.locator('main').innerText();
  assert.match(saved, /Programma duurzaamheid/);
  assert.match(saved, /2031 tot en met 2033/);
  assert.match(saved, /nog geen opdrachten/);
  await assertAxeClean(page, 'a new programme');
  // the demo's programme of the coordinator's gemeente, with its assignments
  await page.goto(`${base}/programmas/2`);
  assert.ok(await page.locator('main table tbody tr').count() >= 1, 'its assignments');
  assert.match(await page.locator('main').innerText(), /Programma wijzigen/);
  await assertAxeClean(page, '/programmas/2');
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) the MT: the work stock, filtered on a programme, and a bad month', async () => {
  const { context, page, problems } = await loginAs('beheer', { bypassCSP: true });
  await page.goto(`${base}/mt`);
  assert.equal(await page.locator('main a[href="/werkvoorraad"]').count(), 1, '/mt links it');
  await page.goto(`${base}/werkvoorraad`);
  assert.equal(await page.locator('svg[role="img"] title#belasting-titel').count(), 1);
  assert.equal(await page.locator('#maanden-bijschrift').count(), 1, 'the table');
  assert.equal(await page.locator('table:has(#maanden-bijschrift) tbody tr').count(), 12,
    'a row per month of the default year');
  await assertAxeClean(page, '/werkvoorraad');
  // the programme filter with the keyboard
  await tabTo(page, '#programma');
  await page.keyboard.type('rMJP');
  await tabTo(page, 'form[method="get"] button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /programma=1/);
  assert.equal(await page.locator('svg[role="img"]').count(), 1);
  await assertAxeClean(page, '/werkvoorraad?programma=1');
  await page.goto(`${base}/werkvoorraad?van=maart`);
  assert.equal(await page.locator('#van-fout').count(), 1);
  await assertAxeClean(page, '/werkvoorraad with an error');
  assert.deepEqual(problems, []);
  await context.close();
});

test('(d) 320 px, under the CSP: no page scrolls sideways', async () => {
  const { context, page, problems } =
    await loginAs('coordinator', { viewport: { width: 320, height: 640 } });
  for (const p of ['/programmas', '/programmas/1', '/programmas/2', '/programmas/nieuw',
    '/werkvoorraad', '/opdrachten/nieuw']) {
    await page.goto(base + p);
    await assertNoHorizontalScroll(page, p);
  }
  assert.deepEqual(problems, [], 'no console or CSP errors');
  await context.close();
});
