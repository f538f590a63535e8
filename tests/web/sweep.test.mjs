// tests/web/sweep.test.mjs — every page as every role (issue 8 §6): each demo
// login logs in through the login form and follows the links of its pages
// from its start page (breadth first, same site, GET only; at most two
// addresses per page pattern, so 1,500 people are not all visited). Every page
// it reaches must answer 200 without console or CSP errors, pass axe-core
// (WCAG 2.1 A and AA: 0 violations) and not scroll sideways at 320 px. And
// every GET page of the page table (src/web/pages.c) that the role may open
// must have been reached by links — a page nobody links to is a bug — except
// the few listed in NOT_LINKED with the reason. On the first address of each
// pattern a keyboard pass follows: Tab from the top reaches the skip link
// first, and every link and control it reaches shows a visible focus; and a
// 200 % zoom pass (issue 8 §5; assertUsableZoomed): one page per page family
// (pattern), not every address, because a second address of a family has the
// same frame and layout (its data's width is what the 320 px check on every
// page catches) and the pass costs time in this slowest browser test: on
// every address 13 % of the beheer sweep, once per family 9 % (docs/web.md).
// The time of the pass is reported per role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  root, startServer, launchBrowser, loginAs, assertAxeClean, assertNoHorizontalScroll,
} from './lib.mjs';

// Pages reached otherwise than by a link on a page, with the reason.
const NOT_LINKED = {
  '/inloggen': 'the form itself; a logged-in user is sent on to the start page',
  '/inloggen/code': 'only in the middle of logging in',
  '/inloggen/koppelen': 'only in the middle of a first beheer login',
  '/': 'the public start page; logged-in users start on their role\'s page',
  '/teamvoorstellen/{id}': 'the demo has no team proposal until the MT makes one (api-web-mt)',
  '/opdrachten/{id}/wijzigen': 'only for a concept; the demo submits its assignments (api-web-opdrachten)',
  '/bundelvoorstellen/{id}': 'the demo has no bundling proposal until the MT runs detection (api-web-bundels, bundels.test.mjs)',
  '/verrekeningen/{id}': 'the demo has no settlement until the MT books one (api-web-verrekeningen, verrekeningen.test.mjs)',
  '/verrekeningen/{id}/verrekening.csv': 'the CSV of a settlement; the demo has none (api-web-verrekeningen)',
};
const ROLE_BITS = {
  beheer: 'NB_ROLE_BEHEER', coordinator: 'NB_ROLE_COORDINATOR',
  medewerker: 'NB_ROLE_MEDEWERKER', lezer: 'NB_ROLE_LEZER', opdrachtgever: 'NB_ROLE_MEDEWERKER',
};
const MAX_PER_PATTERN = 2;
const MAX_PAGES = 80;

// The GET patterns of the page table a role may open (macros resolved as
// pages.c defines them).
function patternsFor(role) {
  const src = readFileSync(path.join(root, 'src/web/pages.c'), 'utf8');
  const macros = {};
  for (const m of src.matchAll(/^#define (\w+) (.+?)(?:\s*\/\*.*)?$/gm)) macros[m[1]] = m[2];
  const expand = (expr) => {
    let e = expr;
    for (let i = 0; i < 5; i++) e = e.replace(/\b[A-Z_]+\b/g, (w) => (macros[w] ? `(${macros[w]})` : w));
    return e;
  };
  const allowed = (expr) => {
    const e = expand(expr);
    if (/NB_ROLES_ALL/.test(e)) return true;
    if (/NB_ROLES_STAFF/.test(e) && role !== 'lezer') return true;
    return e.includes(ROLE_BITS[role]);
  };
  return [...src.matchAll(/\{"GET", "([^"]+)", \w+,\s*([^,]+),/g)]
    .filter(([, p, roles]) => !p.startsWith('/static/') && allowed(roles))
    .map(([, p]) => p);
}

// The page-table pattern an address belongs to (numbers become {..}).
function patternOf(pathname, patterns) {
  for (const p of patterns) {
    const re = new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (re.test(pathname)) return p;
  }
  return pathname;
}

const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex="0"]';

// Tabs through the page from the top (at most 60 stops): the skip link comes
// first, and each stop is visible with an outline or a box shadow.
async function assertKeyboardPass(page, what) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const stops = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate((sel) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        idx: [...document.querySelectorAll(sel)].indexOf(el),
        what: `${el.tagName} ${(el.getAttribute('href') || el.id || el.textContent || '').trim().slice(0, 40)}`,
        visible: r.width > 0 && r.height > 0,
        indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
      };
    }, FOCUSABLE);
    if (f === null || stops.includes(f.idx)) break;
    if (i === 0) assert.match(f.what, /#inhoud/, `${what}: the first Tab goes to ${f.what}`);
    assert.ok(f.visible && f.indicator, `${what}: no visible focus on ${f.what}`);
    stops.push(f.idx);
  }
  assert.ok(stops.length >= 2, `${what}: Tab reached ${stops.length} stops`);
}

// 200 % zoom of a 1280×800 window is a 640×400 CSS-pixel viewport at device
// scale factor 2 (zoomPage's context). At that size nothing scrolls sideways,
// and the page header and navigation do not cover the main content: scrolled
// to, the main heading lies inside the viewport and is the topmost element at
// its start, middle and end.
async function assertUsableZoomed(zoomPage, url, what) {
  const res = await zoomPage.goto(url);
  assert.equal(res.status(), 200, `${what}: answered ${res.status()} at 200 %`);
  await assertNoHorizontalScroll(zoomPage, `${what} at 200 %`);
  const h1 = zoomPage.locator('main h1');
  // as the skip link "Naar de inhoud" does: the main landmark at the top of the window
  await h1.evaluate((el) => el.closest('main').scrollIntoView({ block: 'start' }));
  const seen = await h1.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const y = r.top + Math.min(r.height, 16) / 2;
    const covered = [r.left + 2, r.left + r.width / 2, r.right - 2].map((x) => {
      const hit = document.elementFromPoint(x, y);
      return hit && !el.contains(hit) ? `${hit.tagName}.${hit.className}` : null;
    }).filter(Boolean);
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, covered };
  });
  assert.ok(seen.top >= 0 && seen.bottom <= seen.height,
    `${what} at 200 %: the main heading at ${seen.top}..${seen.bottom} of ${seen.height}px`);
  assert.deepEqual(seen.covered, [], `${what} at 200 %: the main heading is covered`);
}

let srv, browser;

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (srv) await srv.stop();
});

for (const role of ['beheer', 'coordinator', 'medewerker', 'lezer', 'opdrachtgever']) {
  test(`every page ${role} can reach: 200, axe 0 violations, 320 px, 200 % zoom`, async (t) => {
    const began = Date.now();
    let zoomMs = 0;
    const patterns = patternsFor(role);
    const { context, page, problems } = await loginAs(browser, srv.base, srv.logins[role],
      { bypassCSP: true });
    const zoomContext = await browser.newContext({
      storageState: await context.storageState(), viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
    });
    const zoomPage = await zoomContext.newPage();
    const start = new URL(page.url()).pathname;
    const queue = [start];
    const seen = new Set(queue);
    const perPattern = {};
    const reached = new Set();
    const linked = new Set(); // patterns of every same-site link seen, visited or not
    let visited = 0;
    while (queue.length > 0 && visited < MAX_PAGES) {
      const at = queue.shift();
      const res = await page.goto(srv.base + at);
      visited++;
      assert.equal(res.status(), 200, `${role}: ${at} answered ${res.status()}`);
      const pat = patternOf(new URL(page.url()).pathname, patterns);
      await page.setViewportSize({ width: 1280, height: 800 });
      await assertAxeClean(page, `${role}: ${at}`);
      const first = !reached.has(pat); // the first address of its page family
      if (first) await assertKeyboardPass(page, `${role}: ${at}`);
      reached.add(pat);
      await page.setViewportSize({ width: 320, height: 640 });
      await assertNoHorizontalScroll(page, `${role}: ${at}`);
      if (first) {
        const zoomBegan = Date.now();
        await assertUsableZoomed(zoomPage, srv.base + at, `${role}: ${at}`);
        zoomMs += Date.now() - zoomBegan;
      }
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
      for (const h of hrefs) {
        if (!h.startsWith('/') || h.startsWith('//')) continue;
        const u = new URL(h, srv.base);
        linked.add(patternOf(u.pathname, patterns));
        // downloads and the API are linked, not crawled (api-web-mensen checks the CSV)
        if (/^\/(api|static)\//.test(u.pathname) || /\.(csv|xlsx)$/.test(u.pathname)) continue;
        // a report's downloads (?formaat=pdf|xlsx|csv): checked in api-web-rapportages
        if (u.searchParams.has('formaat')) continue;
        const key = u.pathname + u.search;
        if (seen.has(key)) continue;
        const pat = patternOf(u.pathname, patterns);
        if (!u.search && (perPattern[pat] || 0) >= MAX_PER_PATTERN) continue;
        if (u.search && (perPattern[`${pat}?`] || 0) >= 1) continue; // one filtered view
        perPattern[u.search ? `${pat}?` : pat] = (perPattern[u.search ? `${pat}?` : pat] || 0) + 1;
        seen.add(key);
        queue.push(key);
      }
    }
    assert.deepEqual(problems, [], `${role}: console errors`);
    const missing = patterns.filter((p) => !reached.has(p) && !(p in NOT_LINKED) &&
      !(/\.(csv|xlsx)$/.test(p) && linked.has(p)));
    assert.deepEqual(missing, [], `${role}: pages not reached by any link (visited ${visited})`);
    t.diagnostic(`${role}: ${visited} pages in ${Date.now() - began} ms, of which the 200 % ` +
      `zoom pass ${zoomMs} ms`);
    await zoomContext.close();
    await context.close();
  });
}
