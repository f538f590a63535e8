// tests/web/uren.test.mjs — the medewerker's and the ambtelijk opdrachtgever's
// pages and the lezer's overview in a real browser (issue 8 §4).
//
// Starts `noaber serve` ($NOABER_BIN) on a fresh demo database and logs in
// with the logins `noaber demo` prints (demo-medewerker has confirmed work
// this week and last; demo-opdrachtgever is the ambtelijk opdrachtgever of it):
//   - the medewerker fills the week grid with the keyboard only (Tab to the
//     cells, type "4,5" and "4:30", Enter submits), sees them saved; a bad cell
//     shows its error at the cell and in the summary, whose link focuses it;
//   - the opdrachtgever approves that week from the queue with the keyboard,
//     the grid then shows the hours approved; rejecting without a reason is
//     refused at the field;
//   - axe-core (WCAG 2.1 A and AA) finds 0 violations on every page in its
//     empty, filled and error states, and no page scrolls sideways at 320 px.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll, tabTo,
} from './lib.mjs';

let srv, base, browser, logins;

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  assert.ok(logins.opdrachtgever, 'the demo prints a login for the ambtelijk opdrachtgever');
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

// A fresh context (CSP bypassed so that axe can be injected) logged in as who.
const loginAs = (who, options = {}) =>
  loginIn(browser, base, logins[who], { bypassCSP: true, ...options });
const assertNoSideScroll = assertNoHorizontalScroll;

// The ISO week before this one, as the grid's "Vorige week" link names it.
let prevWeek;

test('medewerker: start page, empty grid, the week grid by keyboard, a bad cell', async () => {
  const { context, page, problems } = await loginAs('medewerker');
  assert.equal(new URL(page.url()).pathname, '/mijn-inzet', 'the medewerker starts on mijn inzet');
  assert.ok(await page.locator('main table tbody tr').count() > 0, 'mijn inzet lists work');
  await assertAxeClean(page, 'mijn-inzet');
  await page.goto(`${base}/mijn-profiel`);
  await assertAxeClean(page, 'mijn-profiel');

  // empty state: a week long ago
  await page.goto(`${base}/uren?week=2020-W10`);
  assert.match(await page.locator('main').textContent(), /niet ingezet op een opdracht/);
  await assertAxeClean(page, 'uren (leeg)');

  await page.goto(`${base}/uren`);
  prevWeek = new URL(await page.locator('a[rel="prev"]').getAttribute('href'), base)
    .searchParams.get('week');
  await page.goto(`${base}/uren?week=${prevWeek}`);
  await assertAxeClean(page, 'uren (rooster)');
  // on a desktop screen the whole week with its total fits: the grid's
  // region does not scroll sideways (it cut off "Totaal" at 1280 px)
  await page.setViewportSize({ width: 1280, height: 800 });
  const [sw, cw] = await page.evaluate(() => {
    const d = document.querySelector('main .utrecht-table-container');
    return [d.scrollWidth, d.clientWidth];
  });
  assert.ok(sw <= cw, `the week grid scrolls sideways at 1280 px (${sw} > ${cw})`);
  const inputs = page.locator('main input.nb-grid__input');
  assert.ok(await inputs.count() >= 2, 'last week has at least two open cells');
  const [first, second] = [await inputs.nth(0).getAttribute('id'), await inputs.nth(1).getAttribute('id')];
  // every cell is labelled by its row and its day
  const name = await page.evaluate((id) => {
    const el = document.getElementById(id);
    return el.getAttribute('aria-labelledby').split(' ')
      .map((x) => document.getElementById(x).textContent).join(' ');
  }, first);
  assert.match(name, /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d+ /);

  // an error first: nothing saved, the error at the cell and in the summary
  await tabTo(page, `#${first}`);
  await page.keyboard.type('4,5');
  await tabTo(page, `#${second}`);
  await page.keyboard.type('veel');
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('[role="alert"]').textContent(), /vul de uren in als 4,5 of 4:30/);
  assert.match(await page.locator(`#${second}-fout`).textContent(), /vul de uren in/);
  assert.equal(await page.inputValue(`#${second}`), 'veel', 'what was typed stays');
  assert.equal(await page.inputValue(`#${first}`), '4,5');
  await assertAxeClean(page, 'uren (fout)');
  await page.locator(`[role="alert"] a[href="#${second}"]`).focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), second,
    'the summary link moves the focus to the cell');

  // now right: both cells saved at once
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4:30');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/uren?week=${prevWeek}`);
  assert.match(await page.locator('[role="status"]').textContent(), /De uren zijn opgeslagen/);
  assert.equal(await page.locator(`#${first}`).count(), 0, 'a saved cell is read-only');
  assert.ok(await page.locator('main .nb-status', { hasText: 'ingediend' }).count() >= 2);
  await assertAxeClean(page, 'uren (gevuld)');
  assert.deepEqual(problems, [], 'console errors');
  await context.close();
});

test('opdrachtgever: rejecting needs a reason; approving the week by keyboard', async () => {
  assert.ok(prevWeek, 'runs after the medewerker test');
  const mw = await loginAs('medewerker');
  await mw.page.goto(`${base}/mijn-profiel`);
  const person = (await mw.page.locator('.utrecht-data-list__item-value').first().textContent()).trim();
  await mw.context.close();

  const { context, page, problems } = await loginAs('opdrachtgever');
  await page.goto(`${base}/goedkeuren`);
  await assertAxeClean(page, 'goedkeuren (gevuld)');
  const weekNo = String(Number(prevWeek.slice(6)));
  const group = page.locator('section.nb-group', {
    has: page.locator('h2', { hasText: `${person}, week ${weekNo}` }),
  });
  assert.equal(await group.count(), 1, `a group for ${person}, week ${weekNo}`);

  // reject without a reason: refused at the field, nothing decided
  const weekForm = group.locator('form').last();
  await weekForm.locator('button[value="afgekeurd"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForLoadState();
  assert.match(await page.locator('[role="alert"]').textContent(), /Vul een reden in/);
  await assertAxeClean(page, 'goedkeuren (fout)');

  // approve the whole week with the keyboard
  await page.goto(`${base}/goedkeuren`);
  await group.locator('form').last().locator('button[value="goedgekeurd"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/goedkeuren`);
  assert.match(await page.locator('[role="status"]').textContent(), /goedgekeurd en in het urengrootboek geboekt/);
  assert.equal(await group.count(), 0, 'the week has left the queue');
  assert.deepEqual(problems, [], 'console errors');
  await context.close();

  // the medewerker sees them approved; its own queue is empty
  const again = await loginAs('medewerker');
  await again.page.goto(`${base}/uren?week=${prevWeek}`);
  assert.ok(await again.page.locator('main .nb-status', { hasText: 'goedgekeurd' }).count() >= 2);
  await again.page.goto(`${base}/goedkeuren`);
  assert.match(await again.page.locator('main').textContent(), /Er wachten geen uren op uw besluit/);
  await assertAxeClean(again.page, 'goedkeuren (leeg)');
  await again.context.close();
});

test('lezer: overview start page without personal data, axe clean', async () => {
  const { context, page } = await loginAs('lezer');
  assert.equal(new URL(page.url()).pathname, '/overzicht', 'the lezer starts on the overview');
  assert.match(await page.locator('main').textContent(), /Uren van uw gemeente/);
  await assertAxeClean(page, 'overzicht');
  await context.close();
});

test('320 px: no page scrolls sideways', async () => {
  const viewport = { viewport: { width: 320, height: 640 } };
  for (const [who, pages] of [
    ['medewerker', ['/mijn-inzet', '/mijn-profiel', `/uren?week=${prevWeek}`, '/uren?week=2020-W10']],
    ['opdrachtgever', ['/goedkeuren']],
    ['lezer', ['/overzicht']],
  ]) {
    const { context, page } = await loginAs(who, viewport);
    for (const p of pages) {
      await page.goto(base + p);
      await assertNoSideScroll(page, p);
    }
    await context.close();
  }
});
