// tests/web/urenbegroting.test.mjs — the hours budget page in a real browser
// (issue 10 §3). On a fresh demo database plus one municipality whose accepted
// work nobody is planned on, far past its small credit line:
//   (a) the MT sees the warning on its start page, follows the link to
//       /urenbegroting and finds the warning (utrecht-alert) there, the chart
//       with its accessible name and the table; axe-core (WCAG 2.1 A and AA)
//       finds 0 violations;
//   (b) the demo coordinator goes from /organisatie to the page, sees only its
//       own municipality, and picks another year with the keyboard only (Tab
//       to the select, arrow key, Tab to the button, Enter); axe clean;
//   (c) a bad year gives the error state (422, the message at the field, the
//       summary links to it), axe clean;
//   (d) the reader sees every municipality at 320 px without horizontal scroll.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll,
  tabTo,
} from './lib.mjs';

let srv, base, browser, logins;
const NAME = 'Waarschuwstad';

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
  // a municipality with a credit line of one hour and 50 hours of accepted work nobody is
  // planned on, whose period is over (due now): projected 49 hours past its line
  const org = await api('POST', '/organisaties', {
    code: 'GM0999', soort: 'gemeente', naam: NAME, inwoners: 0, kredietlijnMinuten: 60,
  });
  const comp = (await api('GET', '/competenties?paginaGrootte=1'))._embedded.competenties[0].id;
  const person = await api('POST', '/medewerkers', {
    organisatieId: org.id, naam: 'Wendela Waarschuw', email: 'wendela@waarschuwstad.nl',
    schaal: 11, contractMinutenPerWeek: 2160, netwerkMinutenPerWeek: 0,
    competenties: [{ competentieId: comp, niveau: 3 }],
  });
  const asg = await api('POST', '/opdrachten', {
    titel: 'Achterstallig beleid', soort: 'lokaal', werksoort: 'regulier', status: 'ingediend',
    startdatum: '2024-01-01', einddatum: '2024-12-31', bestuurlijkOpdrachtgever: 'Wethouder Jansen',
    ambtelijkOpdrachtgeverId: person.id, aanvragers: [{ organisatieId: org.id }],
    regels: [{ competentieId: comp, minimumNiveau: 2, minuten: 3000 }],
  });
  await api('PUT', `/opdrachten/${asg.id}/status`, { status: 'geaccepteerd' });
  const budget = await api('GET', '/urenbegroting');
  assert.ok(budget.waarschuwingen.some((w) => w.naam === NAME), JSON.stringify(budget.waarschuwingen));
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// bypassCSP only lets axe be injected (the sweep checks the pages under the CSP).
const loginAs = (role, options = {}) =>
  loginIn(browser, base, logins[role], { bypassCSP: true, ...options });

test('the MT sees the warning on its start page and on the budget page', async () => {
  const { context, page } = await loginAs('beheer');
  await page.goto(`${base}/mt`);
  const block = page.locator('section[aria-labelledby=blok-begroting]');
  assert.match(await block.locator('.utrecht-alert').first().textContent(),
    new RegExp(`${NAME} gaat naar verwachting [0-9.,]+ uur voorbij de kredietlijn van 1 uur`));
  await Promise.all([page.waitForURL(/\/urenbegroting$/),
    block.locator('a[href="/urenbegroting"]').click()]);
  assert.equal(await page.locator('h1').textContent(), 'Urenbegroting');
  assert.equal(await page.locator(`.utrecht-alert--warning:has-text("${NAME}")`).count(), 1);
  const svg = page.locator('svg[role=img]');
  assert.equal(await svg.count(), 1);
  assert.match(await svg.locator('title').textContent(), /Saldo, prognose en kredietlijn/);
  assert.ok(await page.locator('table tbody tr').count() >= 9, 'every organisation a row');
  assert.equal(await page.locator(`tbody th:has-text("${NAME}") .utrecht-badge-status`).count(), 1);
  assert.equal(await page.locator('a[href^="/urenbegroting.xlsx?jaar="]').count(), 1);
  await assertAxeClean(page, '/urenbegroting (MT, with a warning)');
  await context.close();
});

test('a coordinator sees the own municipality and changes the year by keyboard', async () => {
  const { context, page } = await loginAs('coordinator');
  await page.goto(`${base}/organisatie`);
  await Promise.all([page.waitForURL(/\/urenbegroting$/),
    page.click('main a[href="/urenbegroting"]')]);
  assert.equal(await page.locator('table tbody tr').count(), 1, 'only the own municipality');
  assert.equal(await page.locator(`text=${NAME}`).count(), 0);
  assert.match(await page.locator('main').textContent(), /Geen organisatie gaat naar verwachting/);
  await assertAxeClean(page, '/urenbegroting (coordinator)');
  const year = Number(await page.locator('#jaar').inputValue());
  await tabTo(page, '#jaar');
  await page.keyboard.press('ArrowDown'); // the years run newest first: one year back
  assert.equal(await page.locator('#jaar').inputValue(), String(year - 1));
  await tabTo(page, 'form[action="/urenbegroting"] button');
  await Promise.all([page.waitForURL(new RegExp(`jaar=${year - 1}`)), page.keyboard.press('Enter')]);
  assert.match(await page.locator('caption').first().textContent(), new RegExp(`${year - 1}`));
  await assertAxeClean(page, '/urenbegroting (coordinator, last year)');
  await context.close();
});

test('a bad year shows the error next to the field', async () => {
  const { context, page } = await loginAs('lezer');
  const res = await page.goto(`${base}/urenbegroting?jaar=abc`);
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('#jaar').getAttribute('aria-invalid'), 'true');
  await page.click('.utrecht-alert a, [role=alert] a');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'jaar');
  await assertAxeClean(page, '/urenbegroting (error)');
  await context.close();
});

test('a reader sees every municipality at 320 px without horizontal scroll', async () => {
  const { context, page } = await loginAs('lezer', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/netwerk`);
  await Promise.all([page.waitForURL(/\/urenbegroting$/),
    page.click('main a[href="/urenbegroting"]')]);
  assert.ok(await page.locator('table tbody tr').count() >= 9);
  assert.equal(await page.locator(`.utrecht-alert--warning:has-text("${NAME}")`).count(), 1);
  await assertNoHorizontalScroll(page, '/urenbegroting at 320 px');
  await assertAxeClean(page, '/urenbegroting (lezer, 320 px)');
  await context.close();
});
