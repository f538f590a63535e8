// tests/web/loop.test.mjs — the whole proeftuin loop in a real browser, as
// one story (issue 8 §6), through the pages only: no API call, no database
// read.
//
// On a fresh demo database (the logins `noaber demo` prints):
//   1. the coordinator of A (demo-coordinator) reads A's balance, finds with
//      the people filter that nobody of A has the competency at the level
//      needed, and submits an assignment for it with the keyboard; its
//      ambtelijk opdrachtgever is a person of A (the demo medewerker);
//   2. the MT (demo-beheer, enrolling its second factor) finds it on its
//      start page, accepts it, makes a team proposal, reads the reasons and
//      the shortage with its cause, makes one planned per month (the load
//      per person and month, the shortages per month with their month), reads
//      the ledger, accepts the first proposal:
//      the line goes to a person of another municipality B; A's available
//      hours drop by the planned hours;
//   3. the MT looks that person up (the proposal links the person, the
//      person's page shows the number the user form asks for) and creates, on
//      /gebruikers, a login for the person and one for B's coordinator;
//   4. the person logs in and records 4,5 hours today in the week grid;
//   5. the ambtelijk opdrachtgever approves them in the approval queue;
//   6. A's and B's coordinators see on /organisatie, and the MT on
//      /grootboek, the balances moved by exactly 4,5 hours: A −4,5 uur,
//      B +4,5 uur (read before and after from the pages, in Dutch format);
//      A's lezer sees A's figures on /overzicht, without the person's name.
// The steps use the keyboard (Tab to a control, type, Enter) where a person
// would; axe-core (WCAG 2.1 A and AA) finds 0 violations on every page state
// visited. Then, separately: a form sent without its CSRF token is refused
// with the refusal page and saves nothing, and a medewerker who opens the
// MT's pages gets the refusal page (403), not their content.
//
// With NOABER_SCREENSHOTS=<dir> (`make screenshots`) the key screens are
// saved there as PNG at 1280 × 800 for docs/handleiding.md.
// Run by tests/web/run_browser.sh (meson suite 'browser').
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  startServer, launchBrowser, loginAs as loginIn, assertAxeClean, assertNoHorizontalScroll, tabTo,
  screenshot,
} from './lib.mjs';

let srv, base, browser, logins;

// Every context is 1280 × 800 (the screenshots' size) and bypasses the CSP
// only so that axe can be injected.
const VIEW = { viewport: { width: 1280, height: 800 }, bypassCSP: true };

before(async () => {
  srv = await startServer();
  ({ base, logins } = srv);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

const loginAs = (account, options = {}) => loginIn(browser, base, account, { ...VIEW, ...options });

// The demo medewerker, logged in once for the three tests (a login costs
// seconds on a loaded machine): the loop's ambtelijk opdrachtgever, the
// CSRF test's and the refusal test's medewerker.
let demoMw = null;
async function demoMedewerker() {
  if (!demoMw) demoMw = await loginAs(logins.medewerker);
  return demoMw;
}

// ---- Dutch numbers as the pages write them (web/format.c) ----------------

// "−4.756,1 uur" / "-4.756,1 uur" → hundredths of an hour (-475610).
function parseHours(text) {
  const m = text.trim().match(/^([-−]?)([\d.]+)(?:,(\d{1,2}))? uur$/);
  assert.ok(m, `not Dutch hours: "${text}"`);
  const v = Number(m[2].replace(/\./g, '')) * 100 + Number((m[3] || '0').padEnd(2, '0'));
  return m[1] ? -v : v;
}

// hundredths of an hour → "-4.756,1 uur" (nb_web_fmt_hours: '.' between
// thousands, a comma, trailing zeros dropped).
function fmtHours(h) {
  const neg = h < 0;
  const mag = Math.abs(h);
  const whole = String(Math.floor(mag / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = String(mag % 100).padStart(2, '0').replace(/0+$/, '');
  return `${neg && mag ? '-' : ''}${whole}${frac ? `,${frac}` : ''} uur`;
}

test('Dutch hours: parse and format agree with web/format.c', () => {
  assert.equal(parseHours('-4.756,1 uur'), -475610);
  assert.equal(fmtHours(-475610), '-4.756,1 uur');
  assert.equal(fmtHours(450), '4,5 uur');
  assert.equal(fmtHours(-450), '-4,5 uur');
  assert.equal(fmtHours(123456), '1.234,56 uur');
  assert.equal(fmtHours(0), '0 uur');
  assert.equal(parseHours('12 uur'), 1200);
});

// ---- Page helpers ---------------------------------------------------------

// Tabs to selector and types text; a select takes it as type-ahead.
async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.type(text);
  const value = await page.evaluate((s) => {
    const el = document.querySelector(s);
    return el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : el.value;
  }, selector);
  assert.ok(value.toLowerCase().startsWith(text.toLowerCase()),
    `${selector}: "${value}" after typing "${text}"`);
}

// Tabs to target (a CSS selector, or a playwright locator of one element)
// and presses Enter; waits for the next page.
async function pressOn(page, target) {
  if (typeof target === 'string') {
    await tabTo(page, target);
  } else {
    const el = await target.elementHandle();
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((e) => document.activeElement === e, el);
    }
    assert.ok(reached, `Tab never reached ${target}`);
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

// The one button named text in main.
const button = (page, text) => page.locator('main').getByRole('button', { name: text, exact: true });

// The <dd> after the <dt> named term in main.
async function figure(page, term) {
  const dd = page.locator(`main dt:text-is("${term}") + dd`);
  assert.equal(await dd.count(), 1, `one figure "${term}" on ${page.url()}`);
  return (await dd.textContent()).trim();
}

// /organisatie of a coordinator: { saldo, beschikbaar } in hundredths.
async function orgFigures(page) {
  await page.goto(`${base}/organisatie`);
  return {
    saldo: parseHours(await figure(page, 'Saldo (geboekt)')),
    beschikbaar: parseHours(await figure(page, 'Beschikbaar')),
  };
}

// /grootboek: the row of organisation name as { saldo, beschikbaar }.
async function ledgerRow(page, name) {
  const row = page.locator('#saldi-bijschrift ~ tbody tr', {
    has: page.locator(`th:text-is("${name}")`),
  });
  assert.equal(await row.count(), 1, `one ledger row for ${name}`);
  const cells = await row.locator('td').allTextContents();
  return { saldo: parseHours(cells[0]), beschikbaar: parseHours(cells[2]) };
}

// Today in Europe/Amsterdam as d-m-yyyy, and a day 60 days on.
function dutchDay(offsetDays = 0) {
  const t = new Date(Date.now() + offsetDays * 86400000);
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' })
    .format(t).split('-').map(Number);
  return `${d}-${m}-${y}`;
}

const COMPETENCY = 'Milieu en bodem'; // nobody of Alblasserdam has it at level 3 in the demo
const SCARCE = 'Privacy en AVG';      // nobody in the network has it at level 5
const TITLE = 'Bodemsanering Kinderdijk';

test('the proeftuin loop: submit, intake, team, hours, approval, balances', async () => {
  const ids = {};      // what the story learns from the pages
  const newUsers = {}; // logins beheer makes

  // ---- 1. the coordinator of A --------------------------------------------
  // The ambtelijk opdrachtgever will be the demo medewerker, a person of A;
  // its name as its profile shows it.
  {
    const { page } = await demoMedewerker();
    await page.goto(`${base}/mijn-profiel`);
    ids.clientName = (await figure(page, 'Naam'));
    ids.clientNumber = (await figure(page, 'Medewerkernummer'));
  }
  const coordA = await loginAs(logins.coordinator, { shots: true });
  {
    const { page, problems } = coordA;
    assert.equal(new URL(page.url()).pathname, '/organisatie');
    await assertAxeClean(page, '/organisatie (A, before)');
    await screenshot(page, 'coordinator-organisatie');
    ids.beforeA = await orgFigures(page);

    // nobody of A has the competency at level 3: the people filter says so
    await page.goto(`${base}/medewerkers`);
    await typeInto(page, '#competentie', COMPETENCY);
    await typeInto(page, '#niveau', '3');
    await pressOn(page, 'main form button[type="submit"]');
    assert.match(await page.locator('main').innerText(), /Niemand past bij dit filter/);
    await assertAxeClean(page, '/medewerkers (filter, empty)');

    // the assignment, with the keyboard
    await page.goto(`${base}/opdrachten/nieuw`);
    ids.orgA = await page.evaluate(() => {
      const s = document.querySelector('#aanvrager1_organisatie');
      return s.options[s.selectedIndex].text;
    });
    // the ambtelijk opdrachtgever is typed by name (a whole name is found)
    const client = ids.clientName;
    await typeInto(page, '#titel', TITLE);
    await typeInto(page, '#werksoort', 'Verandering');
    await typeInto(page, '#startdatum', dutchDay(0));
    await typeInto(page, '#einddatum', dutchDay(60));
    await typeInto(page, '#bestuurlijk', 'Wethouder De Wit');
    await typeInto(page, '#ambtelijk', client);
    await typeInto(page, '#regel1_competentie', COMPETENCY);
    await typeInto(page, '#regel1_niveau', '3');
    await typeInto(page, '#regel1_uren', '8');
    await typeInto(page, '#regel2_competentie', SCARCE);
    await typeInto(page, '#regel2_niveau', '5');
    await typeInto(page, '#regel2_uren', '4');
    await page.evaluate(() => window.scrollTo(0, 0)); // the guide shows the form's top
    await screenshot(page, 'coordinator-opdracht-indienen');
    await pressOn(page, 'button[value="indienen"]');
    if (new URL(page.url()).pathname === '/opdrachten/nieuw') {
      // the demo has two people of that name: the field says so, next to
      // it, and offers both as suggestions; the coordinator picks the one
      // with the medewerker's number, and the rest of the form is kept
      assert.match(await page.locator('#ambtelijk-fout').innerText(), /medewerkers passen bij/);
      const pick = await page.evaluate((nr) => [...document.querySelectorAll('#ambtelijk-lijst option')]
        .map((o) => o.value).find((v) => v.endsWith(`nr. ${nr}`)), ids.clientNumber);
      assert.ok(pick, `a suggestion with nr. ${ids.clientNumber}`);
      assert.equal(await page.inputValue('#titel'), TITLE, 'the form keeps what was typed');
      await page.fill('#ambtelijk', '');
      await typeInto(page, '#ambtelijk', pick);
      await pressOn(page, 'button[value="indienen"]');
    }
    assert.match(page.url(), /\/opdrachten\/\d+$/,
      await page.locator('main .utrecht-alert, main [id$="-fout"]').allInnerTexts().then(String));
    ids.asg = Number(page.url().match(/(\d+)$/)[1]);
    const main = await page.locator('main').innerText();
    assert.match(main, /De opdracht is ingediend\./);
    assert.match(main, /8 uur/);
    await assertAxeClean(page, '/opdrachten/{id} (ingediend)');
    await screenshot(page, 'coordinator-opdracht-ingediend');
    assert.deepEqual(problems, [], 'coordinator A: console errors');
  }

  // ---- 2. the MT: intake, team proposal, acceptance -----------------------
  const mt = await loginAs(logins.beheer, { shots: true });
  {
    const { page, problems } = mt;
    assert.equal(new URL(page.url()).pathname, '/mt');
    // the start page shows the oldest submitted assignments and links the rest
    assert.match(await page.locator('main').innerText(), /\d+ opdrachten wachten op intake/);
    await assertAxeClean(page, '/mt');
    await screenshot(page, 'mt-start');
    await pressOn(page, 'main a[href="/opdrachten?status=ingediend"]');
    await typeInto(page, '#zoek', TITLE);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('main table tbody tr').count(), 1, 'one assignment found');
    await assertAxeClean(page, '/opdrachten?status=ingediend&zoek=…');
    await pressOn(page, `main a[href="/opdrachten/${ids.asg}"]`);
    await assertAxeClean(page, '/opdrachten/{id} (intake)');
    await screenshot(page, 'mt-intake');
    await pressOn(page, button(page, 'Accepteren'));
    assert.match(await page.locator('main').innerText(), /Geaccepteerd/);

    // the ledger before the proposal is accepted
    await page.goto(`${base}/grootboek`);
    await assertAxeClean(page, '/grootboek (before)');
    const ledgerA0 = await ledgerRow(page, ids.orgA);
    assert.deepEqual(ledgerA0, ids.beforeA, 'the ledger shows A as A\'s coordinator sees it');

    // a proposal for the assignment
    await page.goto(`${base}/teamvoorstellen`);
    await tabTo(page, `#opdracht-${ids.asg}`);
    await page.keyboard.press('Space');
    await screenshot(page, 'mt-teamvoorstel-maken');
    await pressOn(page, button(page, 'Voorstel maken'));
    assert.match(page.url(), /\/teamvoorstellen\/\d+$/);
    const proposalUrl = page.url();
    await assertAxeClean(page, '/teamvoorstellen/{id}');
    await screenshot(page, 'mt-teamvoorstel');
    const text = await page.locator('main').innerText();
    assert.match(text, /Gevraagd 12 uur, voorgesteld 8 uur, tekort 4 uur\./);
    // the line: a person of another organisation, with the reasons
    const rows = page.locator('#regels ~ tbody tr, table:has(#regels) tbody tr');
    assert.equal(await rows.count(), 1, 'one proposed line');
    const row = rows.first();
    ids.person = (await row.locator('th').textContent()).trim();
    ids.orgB = (await row.locator('td').nth(1).textContent()).trim();
    assert.notEqual(ids.orgB, ids.orgA, 'the person works for another organisation');
    const reasons = await row.locator('li').allTextContents();
    assert.ok(reasons.some((r) => /^niveau 3/.test(r)), `reasons name the level: ${reasons}`);
    assert.ok(reasons.some((r) => /uur beschikbaar/.test(r)), `reasons name availability: ${reasons}`);
    // the shortage: nobody has the scarce competency at level 5
    const shortage = page.locator('table:has(caption:text-is("Wat niet bemenst kon worden, en waarom")) tbody tr');
    assert.equal(await shortage.count(), 1, 'one shortage');
    assert.match(await shortage.innerText(), /4 uur[\s\S]*niemand met de competentie op dit niveau/);

    // the same assignment planned per month (issue 13): the option by keyboard, then the
    // load per person and month and the shortages per month, at 1280 and 320 px
    await page.goto(`${base}/teamvoorstellen`);
    await assertAxeClean(page, '/teamvoorstellen (make form)');
    await tabTo(page, `#opdracht-${ids.asg}`);
    await page.keyboard.press('Space');
    await tabTo(page, '#perMaand');
    await page.keyboard.press('Space');
    await pressOn(page, button(page, 'Voorstel maken'));
    assert.match(page.url(), /\/teamvoorstellen\/\d+$/);
    const monthly = await page.locator('main').innerText();
    assert.match(monthly, /Per maand gepland/);
    const loads = page.locator(
      'table:has(caption:text-is("Voorgestelde uren per persoon en maand, van de grens")) tbody tr');
    assert.ok(await loads.count() >= 1, 'a load row per proposed person');
    assert.match(await loads.first().innerText(), /uur van [\d.,]+ uur/);
    const perMonth = page.locator(
      'table:has(caption:text-is("Wat per maand niet bemenst kon worden, en waarom")) tbody tr');
    assert.ok(await perMonth.count() >= 1, 'the scarce competency is short in each month');
    assert.match(await perMonth.first().innerText(),
      /(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/);
    assert.match(await perMonth.first().innerText(), /niemand met de competentie op dit niveau/);
    await assertAxeClean(page, '/teamvoorstellen/{id} (per maand)');
    await screenshot(page, 'mt-teamvoorstel-per-maand');
    await page.setViewportSize({ width: 320, height: 640 });
    await assertNoHorizontalScroll(page, '/teamvoorstellen/{id} (per maand) at 320 px');
    await page.setViewportSize(VIEW.viewport);
    await page.goto(proposalUrl);

    const ledgerB0 = await (async () => {
      await page.goto(`${base}/grootboek`);
      return ledgerRow(page, ids.orgB);
    })();
    ids.beforeB = ledgerB0;
    await page.goBack();

    // accept every open line
    await pressOn(page, button(page, 'Alle open regels accepteren'));
    assert.match(await page.locator('[role="status"]').innerText(), /geaccepteerd/i);
    assert.equal(await page.locator('main td .utrecht-badge-status', { hasText: 'geaccepteerd' }).count(), 1);
    await assertAxeClean(page, '/teamvoorstellen/{id} (geaccepteerd)');

    // the reservation: A's available hours drop by the 8 planned hours
    await page.goto(`${base}/grootboek`);
    const ledgerA1 = await ledgerRow(page, ids.orgA);
    assert.equal(fmtHours(ledgerA1.saldo), fmtHours(ids.beforeA.saldo), 'A: balance unchanged');
    assert.equal(fmtHours(ledgerA1.beschikbaar), fmtHours(ids.beforeA.beschikbaar - 800),
      'A: 8 uur reserved');
    await screenshot(page, 'mt-grootboek');

    // ---- 3. logins for the person and for B's coordinator ----------------
    await page.goBack();
    await pressOn(page, page.locator('main').getByRole('link', { name: ids.person, exact: true }));
    assert.match(page.url(), /\/medewerkers\/\d+$/);
    ids.personNo = (await figure(page, 'Medewerkernummer'));
    assert.match(ids.personNo, /^\d+$/);
    assert.equal(await figure(page, 'Organisatie'), ids.orgB);
    await assertAxeClean(page, '/medewerkers/{id} (beheer)');

    const pw = () => `Proeftuin-${randomBytes(9).toString('base64url')}`;
    newUsers.medewerker = { login: 'loop-medewerker-b', password: pw() };
    newUsers.coordinator = { login: 'loop-coordinator-b', password: pw() };
    await page.goto(`${base}/gebruikers`);
    await typeInto(page, '#gebruikersnaam', newUsers.medewerker.login);
    await typeInto(page, '#naam', ids.person);
    await typeInto(page, '#rol', 'Medewerker');
    await typeInto(page, '#medewerker', ids.personNo);
    await tabTo(page, '#wachtwoord');
    await page.keyboard.type(newUsers.medewerker.password);
    await screenshot(page, 'mt-gebruiker-toevoegen');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('[role="status"]').innerText(), /De gebruiker is aangemaakt/);

    await typeInto(page, '#gebruikersnaam', newUsers.coordinator.login);
    await typeInto(page, '#naam', `Coördinator ${ids.orgB}`);
    await typeInto(page, '#rol', 'Coördinator');
    await typeInto(page, '#organisatie', ids.orgB);
    await tabTo(page, '#wachtwoord');
    await page.keyboard.type(newUsers.coordinator.password);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('[role="status"]').innerText(), /De gebruiker is aangemaakt/);
    const users = await page.locator('main table').first().innerText();
    assert.match(users, /loop-medewerker-b/);
    assert.match(users, /loop-coordinator-b/);
    await assertAxeClean(page, '/gebruikers (filled)');
    assert.deepEqual(problems, [], 'MT: console errors');
  }

  // B's coordinator sees what the ledger shows for B, before any hours
  const coordB = await loginAs(newUsers.coordinator);
  {
    const { page } = coordB;
    assert.equal(new URL(page.url()).pathname, '/organisatie');
    assert.deepEqual(await orgFigures(page), ids.beforeB, 'B as the ledger shows it');
  }

  // ---- 4. the person of B records hours in the week grid ------------------
  {
    const { context, page, problems } = await loginAs(newUsers.medewerker);
    assert.equal(new URL(page.url()).pathname, '/mijn-inzet');
    assert.match(await page.locator('main').innerText(), new RegExp(TITLE));
    await assertAxeClean(page, '/mijn-inzet (B)');
    await screenshot(page, 'medewerker-mijn-inzet');
    await page.goto(`${base}/uren`);
    const open = page.locator(`main input[id^="c${ids.asg}_"]`);
    assert.equal(await open.count(), 1, 'today is the one open day of the assignment');
    const cell = await open.getAttribute('id');
    await tabTo(page, `#${cell}`);
    await page.keyboard.type('4,5');
    await screenshot(page, 'medewerker-uren');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('[role="status"]').innerText(), /De uren zijn opgeslagen/);
    const rowText = await page.locator(`tr:has(#r${ids.asg})`).innerText();
    assert.match(rowText, /4,5/);
    assert.match(rowText, /ingediend/);
    await assertAxeClean(page, '/uren (ingediend)');
    assert.deepEqual(problems, [], 'medewerker B: console errors');
    await context.close();
  }

  // ---- 5. the ambtelijk opdrachtgever approves them -----------------------
  {
    const { page, problems } = await demoMedewerker();
    await page.goto(`${base}/goedkeuren`);
    const group = page.locator('section.nb-group', {
      has: page.locator('h2', { hasText: ids.person }),
    });
    assert.equal(await group.count(), 1, `the queue holds ${ids.person}'s week`);
    assert.match(await group.innerText(), /4,5 uur/);
    await assertAxeClean(page, '/goedkeuren (filled)');
    await screenshot(page, 'opdrachtgever-goedkeuren');
    await group.locator('form').last().locator('button[value="goedgekeurd"]').focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await page.locator('[role="status"]').innerText(),
      /goedgekeurd en in het urengrootboek geboekt/);
    assert.equal(await group.count(), 0, 'the week has left the queue');
    assert.match(await page.locator('main').innerText(), /Er wachten geen uren op uw besluit/);
    await assertAxeClean(page, '/goedkeuren (empty)');
    assert.deepEqual(problems, [], 'opdrachtgever: console errors');
  }

  // ---- 6. both balances show the change -----------------------------------
  const expectA = { saldo: ids.beforeA.saldo - 450, beschikbaar: ids.beforeA.beschikbaar - 800 };
  const expectB = { saldo: ids.beforeB.saldo + 450, beschikbaar: ids.beforeB.beschikbaar + 450 };
  const dutch = (f) => ({ saldo: fmtHours(f.saldo), beschikbaar: fmtHours(f.beschikbaar) });
  {
    const { page, problems } = coordA;
    const now = await orgFigures(page);
    assert.deepEqual(dutch(now), dutch(expectA), `A on /organisatie: ${JSON.stringify(dutch(now))}`);
    assert.match(await page.locator('main').innerText(),
      new RegExp(`Saldo \\(geboekt\\)\\s*${fmtHours(expectA.saldo).replace(/\./g, '\\.')}`));
    assert.deepEqual(problems, []);
    await coordA.context.close();
  }
  {
    const { page, problems } = coordB;
    const now = await orgFigures(page);
    assert.deepEqual(dutch(now), dutch(expectB), `B on /organisatie: ${JSON.stringify(dutch(now))}`);
    await screenshot(page, 'coordinator-saldo-na');
    assert.deepEqual(problems, []);
    await coordB.context.close();
  }
  {
    const { page, problems } = mt;
    await page.goto(`${base}/grootboek`);
    assert.deepEqual(dutch(await ledgerRow(page, ids.orgA)), dutch(expectA), 'A on /grootboek');
    assert.deepEqual(dutch(await ledgerRow(page, ids.orgB)), dutch(expectB), 'B on /grootboek');
    assert.deepEqual(problems, []);
    await mt.context.close();
  }
  // the lezer of A (college, council) sees the same figures, without names
  {
    const { context, page, problems } = await loginAs(logins.lezer);
    assert.equal(new URL(page.url()).pathname, '/overzicht');
    const own = async (term) => page.locator('table:has(#eigen-bijschrift) tr', {
      has: page.locator(`th:text-is("${term}")`),
    }).locator('td').textContent();
    assert.equal(await own('Saldo'), fmtHours(expectA.saldo), 'A\'s balance for the lezer');
    assert.equal(await own('Nog beschikbaar'), fmtHours(expectA.beschikbaar));
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(ids.person));
    await assertAxeClean(page, '/overzicht (A, after)');
    await screenshot(page, 'lezer-overzicht');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a form without its CSRF token is refused and saves nothing', async () => {
  const { page, problems } = await demoMedewerker();
  const before = problems.length;
  // last week: the demo medewerker worked then and has open days
  await page.goto(`${base}/uren`);
  const lastWeek = new URL(await page.locator('a[rel="prev"]').getAttribute('href'), base).href;
  await page.goto(lastWeek);
  const cells = page.locator('main input.nb-grid__input');
  assert.ok(await cells.count() >= 1, 'the demo medewerker has an open cell last week');
  const cell = await cells.first().getAttribute('id');
  await page.evaluate(() => document.querySelector('main form input[name="csrf"]').remove());
  await tabTo(page, `#${cell}`);
  await page.keyboard.type('2');
  const [res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(res.status(), 403);
  assert.equal(await page.locator('main h1').textContent(), 'Formulier verlopen');
  assert.match(await page.locator('main').innerText(), /hoort niet bij uw sessie/);
  await assertAxeClean(page, 'refusal page (CSRF)');
  // nothing was saved: the cell is still open and empty
  await page.goto(lastWeek);
  assert.equal(await page.inputValue(`#${cell}`), '', 'the cell is still open and empty');
  assert.deepEqual(problems.slice(before).filter((p) => !/status of 403/.test(p)), []);
});

test('a medewerker opening the MT\'s pages gets the refusal page, not the content', async () => {
  const { page, problems } = await demoMedewerker();
  const before = problems.length;
  for (const [path, content] of [['/mt', /Wat actie vraagt|blok-ingediend/],
    ['/grootboek', /Urensaldo per organisatie/], ['/gebruikers', /Gebruiker toevoegen/]]) {
    const res = await page.goto(base + path);
    assert.equal(res.status(), 403, path);
    assert.equal(await page.locator('main h1').textContent(), 'Geen toegang', path);
    const html = await page.content();
    assert.doesNotMatch(html, content, `${path}: no MT content`);
    assert.equal(await page.locator('main table').count(), 0, `${path}: no table`);
    // the refusal page is one template; axe judges it once
    if (path === '/mt') await assertAxeClean(page, `refusal page ${path}`);
  }
  assert.deepEqual(problems.slice(before).filter((p) => !/status of 403/.test(p)), []);
});
