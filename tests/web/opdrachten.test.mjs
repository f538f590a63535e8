// tests/web/opdrachten.test.mjs — the assignment pages in a real browser
// (issue 8 §4).
//
// Starts the real `noaber serve` ($NOABER_BIN) on a fresh demo database on a
// free loopback port and drives Debian's chromium with playwright-core, as
// pages.test.mjs does:
//   (a) the demo coordinator submits an assignment with the keyboard only
//       (Tab to each field, type, Enter on the button): first with errors
//       (the summary and the errors next to the fields, what was typed kept;
//       a part of a name in the person field is ambiguous and brings
//       suggestions), then with success (its page with the flash message);
//   (b) axe-core (WCAG 2.1 A and AA) finds 0 violations on the list (filled
//       and empty), the form, the form with errors and the detail page;
//   (c) at 320 px none of these pages scrolls sideways.
// Beheer's intake and the consent of a second coordinator are tested over
// HTTP in tests/api/test_web_opdrachten.c (beheer needs TOTP in a browser).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, tabTo,
} from './lib.mjs';

let srv, base, browser, logins;
let created = null; // the path of the assignment test (a) made

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// A fresh context logged in as role through the login form.
const loginAs = (role, options = {}) => loginIn(browser, base, logins[role], options);

// Types into the field selector after tabbing to it; a select takes the text
// as type-ahead (its option's label).
async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
  // type-ahead picks the option; for a text field check the value landed
  const value = await page.evaluate((s) => {
    const el = document.querySelector(s);
    return el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : el.value;
  }, selector);
  assert.ok(value.startsWith(text) || value.toLowerCase().startsWith(text.toLowerCase()),
    `${selector}: "${value}" after typing "${text}"`);
}

test('(a) a coordinator submits an assignment with the keyboard: errors, then success', async () => {
  // bypassCSP only lets axe be injected; (c) runs the same pages under the CSP
  const { context, page, problems } = await loginAs('coordinator', { bypassCSP: true });
  // a person of the coordinator's organisation, from its people list
  await page.goto(`${base}/medewerkers`);
  const person = await page.evaluate(() => {
    const a = [...document.querySelectorAll('main a')]
      .find((l) => /^\/medewerkers\/\d+$/.test(l.getAttribute('href')));
    return a && { name: a.textContent.trim(), id: a.getAttribute('href').split('/')[2] };
  });
  assert.ok(person, 'a person on /medewerkers');
  await page.goto(`${base}/opdrachten/nieuw`);
  await assertAxeClean(page, '/opdrachten/nieuw');
  assert.equal(await page.locator('select#ambtelijk').count(), 0, 'no select of every person');

  // A title and a bit of a name: the form comes back with errors, both kept,
  // and the person field suggests the people that match.
  await typeInto(page, '#titel', 'Wijkaanpak <b>Noord</b>');
  await typeInto(page, '#ambtelijk', 'e');
  await tabTo(page, 'button[value="indienen"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(await page.locator('#foutoverzicht-kop').count(), 1, 'error summary');
  assert.equal(await page.inputValue('#titel'), 'Wijkaanpak <b>Noord</b>');
  assert.equal(await page.locator('#werksoort-fout').count(), 1);
  assert.equal(await page.locator('#regel1_competentie-fout').count(), 1);
  assert.equal(await page.getAttribute('#werksoort', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#ambtelijk'), 'e');
  assert.match(await page.locator('#ambtelijk-fout').innerText(), /medewerkers passen bij ‘e’/);
  assert.equal(await page.locator('#ambtelijk-lijst option').count(), 50, 'the first 50 matches');
  await assertAxeClean(page, '/opdrachten/nieuw with errors');
  // the summary's link moves the focus to its field
  await page.locator('.nb-error-summary a[href="#werksoort"]').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'werksoort');

  // The organisation of the coordinator (the preselected first requester)
  // and a competency, by their labels.
  const orgName = await page.evaluate(() => {
    const s = document.querySelector('#aanvrager1_organisatie');
    return s.options[s.selectedIndex].text;
  });
  assert.ok(orgName && orgName !== 'Kies een organisatie', 'own organisation preselected');
  const comp = await page.evaluate(() => document.querySelector('#regel1_competentie').options[1].text);

  await page.keyboard.press('Shift+Tab'); // back before #werksoort, then forward again
  await typeInto(page, '#werksoort', 'Verandering');
  await typeInto(page, '#startdatum', '1-12-2026');
  await typeInto(page, '#einddatum', '31-3-2027');
  await typeInto(page, '#bestuurlijk', 'Wethouder Jansen');
  // the person as a suggestion reads (the number decides; a name may occur twice)
  await tabTo(page, '#ambtelijk');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(`${person.name} (${orgName}), nr. ${person.id}`);
  await typeInto(page, '#regel1_competentie', comp.slice(0, 12));
  await typeInto(page, '#regel1_niveau', '3');
  await typeInto(page, '#regel1_uren', '4,5');
  await tabTo(page, 'button[value="indienen"]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);

  assert.match(page.url(), /\/opdrachten\/\d+$/);
  created = new URL(page.url()).pathname;
  const main = await page.locator('main').innerText();
  assert.match(main, /De opdracht is ingediend\./);
  assert.match(main, /Wijkaanpak <b>Noord<\/b>/); // shown as text
  assert.match(main, /Ingediend/);
  assert.match(main, /4,5 uur/);
  assert.match(main, /1 december 2026 tot en met 31 maart 2027/);
  assert.equal(await page.locator('main b').count(), 0, 'no markup from the title');
  await assertAxeClean(page, created);
  assert.deepEqual(problems, []);
  await context.close();
});

test('(b) axe on the list, filled and empty', async () => {
  const { context, page, problems } = await loginAs('coordinator', { bypassCSP: true });
  await page.goto(`${base}/opdrachten`);
  assert.ok(await page.locator('table tbody tr').count() >= 1, 'the list has rows');
  await assertAxeClean(page, '/opdrachten');
  // filter with the keyboard: the search field, Enter submits the GET form
  await typeInto(page, '#zoek', 'bestaat-niet-zzz');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.locator('main').innerText(), /Geen opdrachten gevonden/);
  await assertAxeClean(page, '/opdrachten (empty)');
  assert.deepEqual(problems, []);
  await context.close();
});

test('(c) 320 px, under the CSP: no horizontal scroll on the list, the form (with errors) and the detail', async () => {
  const { context, page, problems } =
    await loginAs('coordinator', { viewport: { width: 320, height: 640 } });
  const check = async (what) => {
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
    }));
    assert.ok(m.scroll <= m.inner, `${what}: ${m.scroll} > ${m.inner}`);
  };
  await page.goto(`${base}/opdrachten`);
  await check('/opdrachten');
  await page.goto(`${base}/opdrachten/nieuw`);
  await check('/opdrachten/nieuw');
  await Promise.all([page.waitForNavigation(), page.click('button[value="indienen"]')]);
  await check('/opdrachten/nieuw with errors');
  assert.ok(created, 'test (a) made an assignment');
  await page.goto(base + created);
  await check(created);
  assert.deepEqual(problems, [], 'no console or CSP errors');
  await context.close();
});
