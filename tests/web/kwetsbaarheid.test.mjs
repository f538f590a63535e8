// tests/web/kwetsbaarheid.test.mjs — the vulnerability page in a real browser
// (issue 11 §1). On a fresh demo database, with Debian's chromium:
//   (a) the demo coordinator opens /kwetsbaarheid from the navigation (its own
//       organisation first), switches the scope to the whole network with the
//       keyboard only (Tab to the select, arrow keys, Enter) and sees the
//       network; axe-core (WCAG 2.1 A and AA) finds 0 violations in both states;
//   (b) a bad scope gives the error state (422, the message next to the field,
//       the summary links to it), also without axe violations;
//   (c) the demo reader sees the network without any person's name (the
//       kartrekkers are "Een medewerker (n)"), at 320 px without horizontal
//       scroll, and the chart has its accessible name.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll,
  tabTo,
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

test('a coordinator reads the own organisation, then the network, by keyboard', async () => {
  const { context, page } = await loginAs('coordinator');
  await page.click('nav >> text=Kwetsbaarheid');
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/kwetsbaarheid');
  const intro = await page.locator('main p').first().textContent();
  assert.doesNotMatch(intro, /het netwerk is op/, 'starts at the own organisation');
  assert.equal(await page.locator('h1').textContent(), 'Kwetsbaarheid');
  await assertAxeClean(page, '/kwetsbaarheid (own organisation)');
  await tabTo(page, '#organisatie');
  await page.keyboard.type('Het hele'); // type-ahead picks the option "Het hele netwerk"
  assert.equal(await page.locator('#organisatie').inputValue(), 'netwerk');
  await tabTo(page, 'form[action="/kwetsbaarheid"] button');
  await Promise.all([page.waitForURL(/organisatie=netwerk/), page.keyboard.press('Enter')]);
  assert.match(await page.locator('main p').first().textContent(), /Hoe kwetsbaar het netwerk is/);
  for (const h of ['Samenvatting', 'Gevraagd werk met te weinig dragers', 'Uitstroom',
    'Verdeling van het werk', 'Kartrekkers']) {
    assert.equal(await page.locator(`h2:has-text("${h}")`).count(), 1, h);
  }
  await assertAxeClean(page, '/kwetsbaarheid (network)');
  await context.close();
});

test('a bad scope shows the error next to the field', async () => {
  const { context, page } = await loginAs('coordinator');
  const res = await page.goto(`${base}/kwetsbaarheid?organisatie=abc`);
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('#organisatie').getAttribute('aria-invalid'), 'true');
  await page.click('.utrecht-alert a, [role=alert] a');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'organisatie');
  await assertAxeClean(page, '/kwetsbaarheid (error)');
  await context.close();
});

test('a reader sees no names, also at 320 px', async () => {
  const { context, page } = await loginAs('lezer', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/kwetsbaarheid?organisatie=netwerk`);
  const rows = page.locator('div[aria-labelledby=kartrekkers] tbody th');
  const n = await rows.count();
  assert.ok(n >= 10, `kartrekkers listed: ${n}`);
  for (let i = 0; i < n; i++) {
    assert.match(await rows.nth(i).textContent(), /^Een medewerker \(\d+\)$/);
  }
  assert.equal(await page.locator('main a[href^="/medewerkers/"]').count(), 0);
  assert.match(await page.locator('svg[role=img] title').first().textContent(),
    /^Gewerkte uren per organisatie/);
  await assertNoHorizontalScroll(page, '/kwetsbaarheid at 320 px');
  await assertAxeClean(page, '/kwetsbaarheid (reader, 320 px)');
  await context.close();
});
