// tests/web/bundels.test.mjs — the bundling pages in a real browser (issue 10 §2).
//
// Starts the real `noaber serve` ($NOABER_BIN) on a fresh demo database, adds
// two alike local assignments through the API (one of the demo coordinator's
// municipality, one whose ambtelijk opdrachtgever is the demo
// "opdrachtgever"), runs detection through the API (beheer needs TOTP in a
// browser; the MT's button is tested over HTTP in tests/api/test_web_bundels.c)
// and drives Debian's chromium with playwright-core:
//   (a) the ambtelijk opdrachtgever, with the keyboard only: the list (filled,
//       and empty through the status filter), the proposal, the form sent
//       without a choice (the error next to the field, the note kept), then
//       agreed with a note;
//   (b) the coordinator of the other municipality agrees: the proposal is
//       merged, the bundled assignment's page lists its originals;
//   (c) axe-core (WCAG 2.1 A and AA) finds 0 violations on every state above;
//   (d) at 320 px, under the CSP, the list and the proposal do not scroll sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll, tabTo,
} from './lib.mjs';

let srv, base, browser, logins;
let proposal = null; // "/bundelvoorstellen/N"

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
  // the demo: the coordinator is of organisation 1; the opdrachtgever is person 1262 of 7
  const person1 = (await api('GET', '/medewerkers?organisatieId=1&paginaGrootte=1'))
    ._embedded.medewerkers[0].id;
  const client = (await api('GET', '/medewerkers?organisatieId=7&paginaGrootte=100'))
    ._embedded.medewerkers;
  const asg = (org, person, titel, omschrijving) => api('POST', '/opdrachten', {
    titel, omschrijving, soort: 'lokaal', werksoort: 'verandering', status: 'ingediend',
    startdatum: '2027-02-01', einddatum: '2027-08-31', bestuurlijkOpdrachtgever: 'Wethouder Jansen',
    ambtelijkOpdrachtgeverId: person, aanvragers: [{ organisatieId: org }],
    regels: [{ competentieId: 1, minimumNiveau: 2, minuten: 3000 }],
  });
  // the demo's opdrachtgever login is a person of organisation 7 (users table): find it by
  // trying the clients the demo gives, else the first person of 7
  const opdrachtgever = client.find((p) => p.id === 1262) ?? client[0];
  const a = await asg(1, person1, 'Kermisbeleid en kermisvergunningen',
    'Nieuw kermisbeleid: standplaatsen, kermisvergunningen en veiligheid op de kermis');
  await asg(7, opdrachtgever.id, 'Kermisbeleid herzien',
    'Kermisvergunningen, standplaatsen en veiligheid: het kermisbeleid herzien');
  await api('POST', '/bundelvoorstellen');
  const list = await api('GET', '/bundelvoorstellen?status=voorgesteld&paginaGrootte=100');
  const mine = list._embedded.bundelvoorstellen
    .find((b) => b.aanvragers.some((m) => m.opdrachtId === a.id));
  assert.ok(mine, 'the kermis pair is proposed');
  assert.equal(mine.aanvragers.length, 2);
  proposal = `/bundelvoorstellen/${mine.id}`;
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

test('(a) the ambtelijk opdrachtgever agrees with the keyboard: list, empty, error, agreed', async () => {
  const { context, page, problems } = await loginAs('opdrachtgever', { bypassCSP: true });
  await page.goto(`${base}/bundelvoorstellen`);
  const main = await page.locator('main').innerText();
  assert.match(main, /Kermisbeleid/);
  assert.match(main, /Wacht op instemming/);
  assert.ok(await page.locator('table tbody tr').count() >= 1, 'the list has rows');
  await assertAxeClean(page, '/bundelvoorstellen');
  // the status filter with the keyboard: type-ahead on the select, Enter on the button
  await tabTo(page, '#status');
  await page.keyboard.type('Afgewezen');
  await tabTo(page, 'form[method="get"] button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /status=afgewezen/);
  assert.match(await page.locator('main').innerText(), /geen bundelvoorstellen met deze status/);
  await assertAxeClean(page, '/bundelvoorstellen (empty)');

  await page.goto(base + proposal);
  const detail = await page.locator('main').innerText();
  assert.match(detail, /Waarom deze opdrachten/);
  assert.match(detail, /kermis/);
  assert.match(detail, /Geschatte besparing/);
  await assertAxeClean(page, proposal);
  // sent without a choice: the error next to the field, the note kept
  await tabTo(page, '#notitie');
  await page.keyboard.type('Namens wethouder De Boer');
  await tabTo(page, 'form[action$="/instemming"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#foutoverzicht-kop').count(), 1, 'error summary');
  assert.equal(await page.locator('#besluit-fout').count(), 1);
  assert.equal(await page.getAttribute('#besluit', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#notitie'), 'Namens wethouder De Boer');
  await assertAxeClean(page, `${proposal} with an error`);
  // now with the choice
  await tabTo(page, '#besluit');
  await page.keyboard.type('Akkoord');
  assert.equal(await page.inputValue('#besluit'), 'akkoord');
  await tabTo(page, 'form[action$="/instemming"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const after = await page.locator('main').innerText();
  assert.match(after, /Uw akkoord is vastgelegd/);
  assert.match(after, /Namens wethouder De Boer/);
  assert.equal(await page.locator('#besluit').count(), 0, 'decided once: no form');
  await assertAxeClean(page, `${proposal} agreed`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) the coordinator agrees: merged, the bundled assignment lists its originals', async () => {
  const { context, page, problems } = await loginAs('coordinator', { bypassCSP: true });
  await page.goto(base + proposal);
  await tabTo(page, '#besluit');
  await page.keyboard.type('Akkoord');
  await tabTo(page, '#notitie');
  await page.keyboard.type('Collegebesluit 2027-04');
  await tabTo(page, 'form[action$="/instemming"] button[type="submit"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const main = await page.locator('main').innerText();
  assert.match(main, /Alle gemeenten stemden in/);
  assert.match(main, /Samengevoegd/);
  await assertAxeClean(page, `${proposal} merged`);
  const merged = await page.locator('main a[href^="/opdrachten/"]', { hasText: /^opdracht \d+$/ })
    .first().getAttribute('href');
  assert.ok(merged, 'a link to the bundled assignment');
  await page.goto(base + merged);
  const asg = await page.locator('main').innerText();
  assert.match(asg, /Deze opdracht is samengevoegd uit/);
  assert.match(asg, /Meervoudig lokaal/);
  assert.equal(await page.locator('main a', { hasText: /^Kermisbeleid/ }).count(), 2,
    'both originals linked');
  await assertAxeClean(page, merged);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(d) 320 px, under the CSP: the list and the proposal do not scroll sideways', async () => {
  const { context, page, problems } =
    await loginAs('coordinator', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/bundelvoorstellen`);
  await assertNoHorizontalScroll(page, '/bundelvoorstellen');
  await page.goto(base + proposal);
  await assertNoHorizontalScroll(page, proposal);
  assert.deepEqual(problems, [], 'no console or CSP errors');
  await context.close();
});
