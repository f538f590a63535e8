// tests/web/watals.test.mjs — the what-if page (/kwetsbaarheid/watals, the
// network MT) and the 3K's page (/kwetsbaarheid/3k) in a real browser
// (issue 11 §1). On a fresh demo database, with Debian's chromium:
//   (a) the MT follows the link from /kwetsbaarheid, types the name of a
//       person with confirmed allocations on running work with the keyboard
//       only (Tab to the field, type, Tab to the button, Enter) and reads the
//       answer (summary, chart with its title, tables); axe-core (WCAG 2.1 A
//       and AA) finds 0 violations in the empty and filled states, and the
//       filled page does not scroll sideways at 320 px;
//   (b) a name nobody has gives the error state (422, the message next to
//       the field, the summary links to it), also without violations;
//   (c) the reader opens the 3K's from /kwetsbaarheid at 320 px: three
//       sections, no sideways scroll, axe clean; a bad organisation is the
//       error state; a coordinator gets 403 on the what-if.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll,
  tabTo,
} from './lib.mjs';

let srv, base, browser, logins, leaver;

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  browser = await launchBrowser();
  // a person with a confirmed allocation on running work, by the API
  const api = async (p) => (await fetch(`${base}/api/v1${p}`,
    { headers: { Authorization: `Bearer ${srv.token}` } })).json();
  const list = await api('/inzetten?status=bevestigd&paginaGrootte=100');
  for (const x of list._embedded.inzetten) {
    const a = await api(`/opdrachten/${x.opdrachtId}`);
    if (['geaccepteerd', 'bemenst', 'in-uitvoering'].includes(a.status) &&
        x.minuten > x.goedgekeurdeMinuten) {
      const naam = (await api(`/medewerkers/${x.medewerkerId}`)).naam;
      // a name only one active person has, so that typing it is enough
      const same = await api(`/medewerkers?actief=true&paginaGrootte=1&zoek=${encodeURIComponent(naam)}`);
      if (same.totaal !== 1) continue;
      leaver = naam;
      break;
    }
  }
  assert.ok(leaver, 'the demo has a person with a confirmed allocation');
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// bypassCSP only lets axe be injected (the sweep checks the pages under the CSP).
const loginAs = (role, options = {}) =>
  loginIn(browser, base, logins[role], { bypassCSP: true, ...options });

test('the MT asks what if a person leaves, by keyboard', async () => {
  const { context, page } = await loginAs('beheer');
  await page.goto(`${base}/kwetsbaarheid`);
  await page.click('main a[href="/kwetsbaarheid/watals"]');
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/kwetsbaarheid/watals');
  assert.match(await page.locator('main').textContent(), /Kies hierboven wie er vertrekt/);
  await assertAxeClean(page, '/kwetsbaarheid/watals (empty)');
  await tabTo(page, '#medewerker1');
  await page.keyboard.type(leaver);
  await tabTo(page, 'form[action="/kwetsbaarheid/watals"] button');
  await Promise.all([page.waitForURL(/medewerker1=/), page.keyboard.press('Enter')]);
  for (const h of ['Samenvatting', 'Tekort per competentie', 'Opdrachtregels',
    'Wie kan het overnemen', 'Competenties naar één of geen drager']) {
    assert.equal(await page.locator(`h2:has-text("${h}")`).count(), 1, h);
  }
  assert.match(await page.locator('main').textContent(), new RegExp(`Vertrekt: ${leaver}`));
  assert.match(await page.locator('svg[role=img] title').first().textContent(),
    /^Uren zonder dekking na vertrek/);
  await assertAxeClean(page, '/kwetsbaarheid/watals (filled)');
  await page.setViewportSize({ width: 320, height: 640 });
  await assertNoHorizontalScroll(page, '/kwetsbaarheid/watals at 320 px');
  await context.close();
});

test('a name nobody has shows the error next to the field', async () => {
  const { context, page } = await loginAs('beheer');
  const res = await page.goto(`${base}/kwetsbaarheid/watals?medewerker1=Niemand%20Bekend`);
  assert.equal(res.status(), 422);
  assert.equal(await page.locator('#medewerker1').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#medewerker1').inputValue(), 'Niemand Bekend');
  await page.click('.utrecht-alert a, [role=alert] a');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'medewerker1');
  await assertAxeClean(page, '/kwetsbaarheid/watals (error)');
  await context.close();
});

test('the reader reads the 3K\'s at 320 px; errors; the what-if is the MT\'s', async () => {
  const { context, page } = await loginAs('lezer', { viewport: { width: 320, height: 640 } });
  await page.goto(`${base}/kwetsbaarheid`);
  assert.equal(await page.locator('main a[href="/kwetsbaarheid/watals"]').count(), 0);
  await page.click('main a[href="/kwetsbaarheid/3k"]');
  await page.waitForLoadState();
  for (const h of ['Kwetsbaarheid', 'Kwaliteit', 'Kosten']) {
    assert.equal(await page.locator(`h2:has-text("${h}")`).count(), 1, h);
  }
  assert.match(await page.locator('main').textContent(), /Gemeten voor /);
  await assertNoHorizontalScroll(page, '/kwetsbaarheid/3k at 320 px');
  await assertAxeClean(page, '/kwetsbaarheid/3k (reader, 320 px)');
  const bad = await page.goto(`${base}/kwetsbaarheid/3k?organisatie=abc`);
  assert.equal(bad.status(), 422);
  assert.equal(await page.locator('#organisatie').getAttribute('aria-invalid'), 'true');
  await assertAxeClean(page, '/kwetsbaarheid/3k (error)');
  await context.close();
  const coord = await loginAs('coordinator');
  const res = await coord.page.goto(`${base}/kwetsbaarheid/watals`);
  assert.equal(res.status(), 403);
  await coord.context.close();
});
