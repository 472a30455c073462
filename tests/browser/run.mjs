// Browser tests of the site that `compagnon build` writes (see scripts/browser-tests.sh,
// which builds target/browser/http and target/browser/file first).
//
// Checks, page kind by page kind, over http://127.0.0.1:PORT/sous/chemin/
// (and the coordinator's edition, target/browser/coordination, on a port of its own):
// no console error or failed request, axe-core (WCAG 2.0/2.1/2.2 A and AA),
// html-validate, the weight of HTML + CSS + JS, no horizontal scroll at 360 px,
// screenshots at 360 and 1280 px. Then: the site without JavaScript, the
// search (French stems, private apprentices left out), the matching filter,
// the file:// build clicked through, the portfolio printed to PDF, and the
// coordinator's caseload sorted and filtered.
//
// Prints one PASS or FAIL line per check, every failure again at the end, and
// "N passed, N failed"; exits 1 if any check failed.
//
// Environment: BROWSER_TEST_PORT and BROWSER_TEST_COORD_PORT (default: any free port), CHROMIUM
// (default /usr/bin/chromium), BROWSER_TEST_ONLY (comma-separated page kinds,
// e.g. home,portfolio,caseload, and/or parts: validate-all, no-js, search-js, matching-js,
// caseload-js, file-links, print).
import fs from 'node:fs/promises';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { serve } from './server.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = path.resolve(REPO, process.env.BROWSER_TEST_DIR || 'target/browser');
const HTTP_DIR = path.join(BUILT, 'http');
const FILE_DIR = path.join(BUILT, 'file');
const COORD_DIR = path.join(BUILT, 'coordination');
const BASE = '/sous/chemin/';
const ART = path.resolve(REPO, process.env.BROWSER_TEST_ARTIFACTS || 'test-artifacts');
const SCREENS = path.join(ART, 'screens');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Flags from shared/STACK.md. Playwright gives every launch a fresh, temporary
// --user-data-dir of its own (it refuses one passed in `args`).
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WEIGHT_BUDGET = 60 * 1024; // HTML + CSS + JS of one page, uncompressed, images aside
// Page kinds allowed more, each with its reason.
const WEIGHT_BUDGETS = {
  'handbook-print': [200 * 1024, 'the whole handbook on one page, opened to print or save as PDF, not to browse on a phone; each handbook page stays within the budget'],
  caseload: [100 * 1024, 'the coordinator\'s caseload has a row per apprentice of the programme (15 here), and is read at a desk on the intranet, not on a phone on a slow line'],
  'portfolio-print': [128 * 1024, 'the record to print holds every log entry of the portfolio in full (36 here), with every feedback and evidence address: it is opened to be printed and filed, from the portfolio, not browsed on a phone'],
};
const NARROW = 360;
const WIDE = 1280;
const HEADER_MAX = 80; // px at 360 px, the menu closed, the coordinator's banner aside: the site's name and "Menu"
const CHART_TEXT_MIN = 12; // px: every SVG <text> of a chart as drawn at 360 px
const CHART_KINDS = ['competency', 'progress', 'cohort'];
const PRIVATE_NAME = 'Manon'; // example-site/apprentices/manon-roussel has visibility = "private"

// Rules of html-validate's recommended preset that .htmlvalidate.json turns
// off or relaxes, each with its reason. A rule relaxed there without a reason
// here fails the run, so the config cannot drift silently.
const RELAXED_RULES = {
  'doctype-style': 'lower-case <!doctype html> is valid HTML; upper case is a style preference only',
  'long-title': "titles are '<page> · <site title>' and the site title is the author's text from site.toml",
  'no-inline-style': 'bars get their data-driven width inline (style="width:39%"); any other inline property is still an error',
  'valid-id': 'heading ids are the ones GitHub and GitBook give (`## 1. Démarrer` → id="1-demarrer"), so that existing #links land; HTML5 allows an id starting with a digit; ids with spaces are still an error',
};

// ---------------------------------------------------------------- reporting
const results = [];
const t0 = Date.now();
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function report(name, failures, info = '') {
  const ok = failures.length === 0;
  results.push({ name, ok, failures, info });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${info ? ` — ${info}` : ''}`);
  for (const f of failures) console.log(`     ${f.replace(/\n/g, '\n     ')}`);
}

/** A screenshot; reported only when it cannot be taken. */
async function shot(page, kind, width) {
  const file = path.join(SCREENS, `${kind}-${width}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    report(`${kind}: screenshot at ${width} px`, [String(e).split('\n')[0]]);
  }
}

async function check(name, fn) {
  try {
    const r = (await fn()) || {};
    report(name, r.failures || [], r.info || '');
  } catch (e) {
    report(name, [`exception: ${(e && e.stack) || e}`.split('\n').slice(0, 4).join('\n')]);
  }
}

// ------------------------------------------------------------ the built site
function listDirs(rel, root = HTTP_DIR) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(abs, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
}

/** The page kinds to visit, as URLs relative to the base, derived from the build. */
function pageKinds() {
  const kinds = [];
  const add = (kind, rel, why) => kinds.push({ kind, rel, why });
  const missing = [];
  const need = (what, v) => { if (v === undefined) missing.push(what); return v; };

  add('home', '');
  const sections = listDirs('programme').filter((s) => listDirs(`programme/${s}`).length > 0);
  const section = need('a handbook section with pages (programme/<section>/<page>/)', sections[0]);
  if (section) {
    add('handbook-section', `programme/${section}/`);
    add('handbook-page', `programme/${section}/${listDirs(`programme/${section}`)[0]}/`);
  }
  add('handbook-print', 'programme/print.html', 'the whole handbook on one page, to print');
  add('framework', 'competencies/');
  const comps = listDirs('competencies');
  const comp = need('a competency page', comps.includes('soudure-cuivre') ? 'soudure-cuivre' : comps[0]);
  if (comp) add('competency', `competencies/${comp}/`);
  add('mentors', 'mentors/');
  const mentor = need('a mentor page', listDirs('mentors')[0]);
  if (mentor) add('mentor', `mentors/${mentor}/`);
  add('apprentices', 'apprentices/');
  const portfolio = need('the portfolio apprentices/lucas-martin/',
    listDirs('apprentices').includes('lucas-martin') ? 'lucas-martin' : undefined);
  if (portfolio) {
    add('portfolio', `apprentices/${portfolio}/`);
    const withEvidence = listDirs(`apprentices/${portfolio}`).find((e) =>
      readdirSync(path.join(HTTP_DIR, 'apprentices', portfolio, e)).some((f) => f !== 'index.html'));
    need('an entry of lucas-martin with evidence files', withEvidence);
    if (withEvidence) add('entry', `apprentices/${portfolio}/${withEvidence}/`);
    add('portfolio-print', `apprentices/${portfolio}/print.html`, 'the portfolio\'s whole record, to print');
  }
  add('progress', 'progress/');
  const cohort = need('a cohort progress page (progress/<cohort>/)', listDirs('progress')[0]);
  if (cohort) add('cohort', `progress/${cohort}/`);
  add('matching', 'matching/');
  add('search', 'search/');
  add('404', 'dossier-absent/page-absente/', 'a missing URL, two levels deep');
  // The coordinator's edition, served apart.
  kinds.push({ kind: 'caseload', rel: 'coordination/', root: COORD_DIR });
  kinds.push({ kind: 'coordinator-matching', rel: 'matching/', root: COORD_DIR });
  for (const k of kinds) {
    const file = k.rel.endsWith('.html') ? k.rel : `${k.rel}index.html`;
    if (k.kind !== '404' && !existsSync(path.join(k.root || HTTP_DIR, file))) missing.push(`${path.relative(REPO, k.root || HTTP_DIR)}/${file}`);
  }
  return { kinds, missing };
}

/** The file in the http build (or `root`) that a URL under the base serves. */
function builtFile(rel, root = HTTP_DIR) {
  const f = path.join(root, rel.replace(/[?#].*$/, ''));
  if (existsSync(f) && statSync(f).isFile()) return f;
  const index = path.join(f, 'index.html');
  return existsSync(index) ? index : path.join(root, '404.html');
}

// ------------------------------------------------------------ html-validate
function htmlValidator() {
  const configFile = path.join(REPO, '.htmlvalidate.json');
  const config = existsSync(configFile)
    ? JSON.parse(readFileSync(configFile, 'utf8'))
    : { extends: ['html-validate:recommended'] };
  const unexplained = Object.entries(config.rules || {})
    .filter(([rule]) => !RELAXED_RULES[rule])
    .map(([rule, v]) => `.htmlvalidate.json changes rule "${rule}" (${JSON.stringify(v)}) without a reason in RELAXED_RULES (tests/browser/run.mjs)`);
  return { hv: new HtmlValidate(new StaticConfigLoader({ ...config, root: true })), unexplained };
}

async function validateHtml(hv, file) {
  const rep = await hv.validateFile(file);
  const failures = [];
  let warnings = 0;
  for (const r of rep.results) {
    for (const m of r.messages) {
      if (m.severity === 2) {
        failures.push(`${path.relative(REPO, r.filePath)}:${m.line}:${m.column} [${m.ruleId}] ${m.message}${m.selector ? ` (at ${m.selector})` : ''}`);
      } else warnings++;
    }
  }
  return { failures, info: `${rep.errorCount} errors, ${warnings} warnings` };
}

/** Every page of the http build, grouped by rule: one line per rule, with the first places. */
async function validateWholeSite(hv) {
  const files = [];
  const walk = (dir) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name.endsWith('.html')) files.push(p);
    }
  };
  walk(HTTP_DIR);
  files.sort();
  const byRule = new Map();
  for (const f of files) {
    const rep = await hv.validateFile(f);
    for (const r of rep.results) {
      for (const m of r.messages.filter((x) => x.severity === 2)) {
        if (!byRule.has(m.ruleId)) byRule.set(m.ruleId, { pages: new Set(), count: 0, examples: [] });
        const g = byRule.get(m.ruleId);
        g.count++;
        const rel = path.relative(HTTP_DIR, r.filePath);
        if (!g.pages.has(rel) && g.examples.length < 3) g.examples.push(`${rel}:${m.line}:${m.column} ${m.message}`);
        g.pages.add(rel);
      }
    }
  }
  const failures = [...byRule].map(([rule, g]) =>
    `[${rule}] ${g.count} error(s) on ${g.pages.size} page(s), e.g.\n  ${g.examples.join('\n  ')}`);
  return { failures, info: `${files.length} pages` };
}

// ------------------------------------------------------------ page watching
/**
 * Collects what goes wrong on a page: console errors, uncaught exceptions,
 * failed requests, HTTP errors. `expected404` is a URL whose 404 is the point.
 */
function watch(page, expected404 = null) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const loc = m.location()?.url || '';
    if (expected404 && loc === expected404 && /status of 404/.test(m.text())) return;
    problems.push(`console error: ${m.text()}${loc ? ` (${loc})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => {
    const err = r.failure()?.errorText || '';
    if (err === 'net::ERR_ABORTED') return; // a navigation away cancels what was pending
    problems.push(`request failed: ${r.url()} — ${err}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== expected404) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

/** Loads every image now (lazy ones too) and lists those that did not decode. */
async function loadAllImages(page) {
  return page.evaluate(async () => {
    const imgs = [...document.images];
    imgs.forEach((i) => { i.loading = 'eager'; });
    await Promise.all(imgs.map((i) => (i.complete ? null : new Promise((r) => {
      i.addEventListener('load', r, { once: true });
      i.addEventListener('error', r, { once: true });
      setTimeout(r, 5000);
    }))));
    return imgs.filter((i) => !i.naturalWidth).map((i) => i.currentSrc || i.src);
  });
}

/** Elements that stick out to the right of the viewport (outermost only). */
async function overflowingElements(page) {
  return page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      if (el.classList.length) s += `.${[...el.classList].join('.')}`;
      return s;
    };
    const path = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e));
      return parts.join(' > ');
    };
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible') return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 0.5 || clipped(el)) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > W + 0.5 && !clipped(parent)) continue;
      out.push(`${path(el)} (right edge at ${Math.round(r.right)} px, width ${Math.round(r.width)} px)`);
      if (out.length >= 5) break;
    }
    return out;
  });
}

function axeLines(violations) {
  return violations.map((v) => {
    const n = v.nodes[0];
    const summary = (n?.failureSummary || '').split('\n').slice(1).join(' ').replace(/\s+/g, ' ').trim();
    return `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s); first: ${JSON.stringify(n?.target)}`
      + (summary ? `\n  ${summary.slice(0, 300)}` : '');
  });
}

/** Visible links in <main> that are not part of a form or a nav (search results, listings). */
async function mainLinks(page) {
  return page.evaluate(() => [...document.querySelectorAll('main a[href]')]
    .filter((a) => !a.closest('form, nav') && a.getClientRects().length > 0
      && getComputedStyle(a).visibility !== 'hidden')
    .map((a) => ({ text: a.textContent.trim().replace(/\s+/g, ' '), href: a.href })));
}

// ------------------------------------------------------------ the checks
async function pageKindChecks(browser, site, hv, kinds) {
  const wide = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  const narrow = await browser.newContext({ viewport: { width: NARROW, height: 740 } });
  const weights = [];
  for (const { kind, rel, root } of kinds) {
    const url = site.url(rel);
    const expected404 = kind === '404' ? url : null;

    // 1280 px: load, axe, weight, screenshot.
    const page = await wide.newPage();
    const problems = watch(page, expected404);
    const loaded = [];
    page.on('response', (r) => {
      const t = r.request().resourceType();
      if (t === 'document' || t === 'stylesheet' || t === 'script') loaded.push(r);
    });
    let resp;
    await check(`${kind}: loads (${url})`, async () => {
      resp = await page.goto(url, { waitUntil: 'load' });
      const failures = [];
      const want = kind === '404' ? 404 : 200;
      if (!resp || resp.status() !== want) failures.push(`status ${resp?.status()}, expected ${want}`);
      if (!(await page.locator('main').count())) failures.push('no <main> element');
      if (kind === '404') {
        // Styled from wherever it is served: its stylesheet is in the page.
        const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
        if (rules < 100) failures.push(`the 404 page has ${rules} CSS rules: it is unstyled`);
        const elsewhere = await page.context().newPage();
        await elsewhere.goto(pathToFileURL(path.join(FILE_DIR, '404.html')).href);
        const there = await elsewhere.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
        if (there < 100) failures.push(`opened from another path (file://), the 404 page has ${there} CSS rules`);
        await elsewhere.close();
      }
      return { failures, info: `“${await page.title()}”` };
    });
    if (!resp) { await page.close(); continue; }

    const seen = new Set();
    await check(`${kind}: axe-core ${AXE_TAGS.join(',')} at ${WIDE} px`, async () => {
      const r = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      for (const v of r.violations) for (const n of v.nodes) seen.add(`${v.id} ${JSON.stringify(n.target)}`);
      return { failures: axeLines(r.violations), info: `${r.passes.length} rules passed, ${r.incomplete.length} to review by hand` };
    });

    const [budget, why] = WEIGHT_BUDGETS[kind] || [WEIGHT_BUDGET, ''];
    await check(`${kind}: weight of HTML + CSS + JS ≤ ${kb(budget)}${why ? ` (${why})` : ''}`, async () => {
      const parts = { document: 0, stylesheet: 0, script: 0 };
      const files = [];
      for (const r of loaded) {
        const body = await r.body().catch(() => Buffer.alloc(0));
        const t = r.request().resourceType();
        parts[t] += body.length;
        files.push(`${new URL(r.url()).pathname.replace(BASE, '')} ${kb(body.length)}`);
      }
      const total = parts.document + parts.stylesheet + parts.script;
      const sizes = `HTML ${kb(parts.document)} + CSS ${kb(parts.stylesheet)} + JS ${kb(parts.script)} = ${kb(total)}`;
      weights.push({ kind, ...parts, total, files });
      return {
        failures: total > budget ? [`${sizes} (over by ${kb(total - budget)}): ${files.join(', ')}`] : [],
        info: sizes,
      };
    });

    const broken = await loadAllImages(page);
    await shot(page, kind, WIDE);

    await check(`${kind}: at ${WIDE} px the menu's links show without a click, no “Menu” button`, async () => {
      const links = page.locator('header nav a');
      const n = await links.count();
      let visible = 0;
      for (let i = 0; i < n; i++) if (await links.nth(i).isVisible()) visible++;
      const failures = [];
      if (n < 3 || visible < n) failures.push(`${visible} of ${n} links of the header's <nav> visible`);
      if (await page.locator('header details.menu > summary').isVisible()) failures.push('the “Menu” button shows on a wide screen');
      return { failures, info: `${visible} links` };
    });

    await check(`${kind}: the first Tab stop is a visible skip link to <main>`, async () => {
      await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.activeElement;
        const target = a?.hash ? document.getElementById(decodeURIComponent(a.hash.slice(1))) : null;
        const r = a?.getBoundingClientRect();
        return {
          tag: a?.tagName.toLowerCase(), text: (a?.textContent || '').trim(), href: a?.getAttribute('href'),
          visible: !!r && r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0,
          inMain: !!target && (target.tagName === 'MAIN' || !!target.closest('main') || !!target.querySelector('main')),
        };
      });
      const failures = [];
      if (f.tag !== 'a' || !f.inMain) failures.push(`first Tab stop is <${f.tag}> “${f.text}” (href ${f.href}), not a link to <main>`);
      else if (!f.visible) failures.push(`the skip link “${f.text}” stays invisible when focused`);
      return { failures, info: `“${f.text}” → ${f.href}` };
    });

    // 360 px: horizontal scroll, screenshot.
    const small = await narrow.newPage();
    const smallProblems = watch(small, expected404);
    await check(`${kind}: no horizontal scroll at ${NARROW} px`, async () => {
      await small.goto(url, { waitUntil: 'load' });
      const sw = await small.evaluate(() => document.scrollingElement.scrollWidth);
      const failures = [];
      if (sw > NARROW) {
        const culprits = await overflowingElements(small);
        failures.push(`scrollWidth ${sw} px > ${NARROW} px; sticking out: ${culprits.join('; ') || '(none found)'}`);
      }
      return { failures, info: `scrollWidth ${sw} px` };
    });
    await check(`${kind}: at ${NARROW} px the header is at most ${HEADER_MAX} px tall, its menu closed`, async () => {
      const h = await small.evaluate(() => {
        const header = document.querySelector('body > header');
        const banner = header?.querySelector('.confidential');
        return header && {
          height: header.getBoundingClientRect().height - (banner ? banner.getBoundingClientRect().height : 0),
          banner: !!banner,
        };
      });
      if (!h) return { failures: ['no <header>'] };
      const failures = [];
      if (h.height > HEADER_MAX) failures.push(`${Math.round(h.height)} px tall${h.banner ? ' below the confidential banner' : ''}`);
      if (await small.locator('header nav a').first().isVisible()) failures.push('the menu\'s links show before “Menu” is pressed');
      return { failures, info: `${Math.round(h.height)} px${h.banner ? ' below the banner' : ''}` };
    });
    const chartText = await small.evaluate(() => [...document.querySelectorAll('main svg text')].map((t) => ({
      text: t.textContent.trim(),
      px: parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1),
    })));
    if (chartText.length || CHART_KINDS.includes(kind)) {
      await check(`${kind}: chart text at least ${CHART_TEXT_MIN} px at ${NARROW} px`, async () => {
        const failures = chartText.filter((t) => t.px < CHART_TEXT_MIN - 0.01)
          .slice(0, 5).map((t) => `“${t.text}” drawn at ${t.px.toFixed(1)} px`);
        if (!chartText.length) failures.push('no chart text on a page that has charts');
        const least = Math.min(...chartText.map((t) => t.px));
        return { failures, info: `${chartText.length} texts, the smallest ${least.toFixed(1)} px` };
      });
    }
    await check(`${kind}: axe-core at ${NARROW} px (violations not already seen at ${WIDE} px)`, async () => {
      const r = await new AxeBuilder({ page: small }).withTags(AXE_TAGS).analyze();
      const fresh = r.violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !seen.has(`${v.id} ${JSON.stringify(n.target)}`)) }))
        .filter((v) => v.nodes.length);
      return { failures: axeLines(fresh) };
    });
    await loadAllImages(small).catch(() => []);
    await shot(small, kind, NARROW);

    await check(`${kind}: no console error, no failed request`, async () => {
      await page.waitForTimeout(100);
      const all = [...new Set([...problems, ...smallProblems])];
      for (const b of broken) all.push(`image did not load: ${b}`);
      return { failures: all };
    });

    await check(`${kind}: html-validate`, () => validateHtml(hv, builtFile(kind === '404' ? '404.html' : rel, root)));
    await small.close();
    await page.close();
  }
  await wide.close();
  await narrow.close();
  return weights;
}

async function noJavaScriptChecks(browser, site, coordSite) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: WIDE, height: 900 } });
  const page = await ctx.newPage();
  const problems = watch(page);

  await check('without JavaScript: the search page lists the site', async () => {
    await page.goto(site.url('search/'));
    const links = await mainLinks(page);
    const failures = [];
    if (links.length < 3) failures.push(`only ${links.length} visible link(s) in <main>: ${JSON.stringify(links)}`);
    for (const l of links) {
      const u = new URL(l.href);
      if (!u.pathname.startsWith(BASE)) failures.push(`link “${l.text}” leaves the site's sub-path: ${l.href}`);
      else if (builtFile(u.pathname.slice(BASE.length)).endsWith(`${path.sep}404.html`)) failures.push(`link “${l.text}” leads to a missing page: ${l.href}`);
    }
    failures.push(...problems.splice(0));
    return { failures, info: `${links.length} visible links: ${links.map((l) => l.text).join(', ')}` };
  });

  await check('without JavaScript: the portfolio links to its record to print, which shows no print button', async () => {
    await page.goto(site.url('apprentices/lucas-martin/'));
    const failures = [];
    if (await page.locator('main [data-print]').count()) failures.push('the portfolio has a print button, which needs JavaScript');
    const link = page.locator('main a[href$="print.html"]', { hasText: 'Dossier complet à imprimer' });
    if (!(await link.isVisible())) failures.push('no visible link “Dossier complet à imprimer”');
    else {
      const [resp] = await Promise.all([page.waitForNavigation(), link.click()]);
      if (resp?.status() !== 200 || !page.url().endsWith('/apprentices/lucas-martin/print.html')) failures.push(`the link leads to ${page.url()} (${resp?.status()})`);
      if (await page.locator('[data-print]').count() === 0) failures.push('the record has no print button in its HTML');
      if (await page.locator('[data-print]').isVisible()) failures.push('the record\'s print button shows, and does nothing without JavaScript');
    }
    failures.push(...problems.splice(0));
    return { failures, info: page.url() };
  });

  await check('without JavaScript: the matching page shows every suggestion, the filter stays hidden', async () => {
    await page.goto(site.url('matching/'));
    const failures = [];
    const cards = page.locator('main [data-filter-item]');
    const n = await cards.count();
    let visible = 0;
    for (let i = 0; i < n; i++) if (await cards.nth(i).isVisible()) visible++;
    if (n < 3 || visible !== n) failures.push(`${visible} of ${n} cards visible`);
    if (await page.locator('form[data-match-filter]').isVisible()) failures.push('the filter shows, though it cannot work without JavaScript');
    // Ranked alternatives are the team's: the coordinator's edition has them (below).
    if (await page.locator('main details.alts').count()) failures.push('the public page ranks alternatives');
    failures.push(...problems.splice(0));
    return { failures, info: `${n} cards` };
  });

  if (coordSite) {
    await check('without JavaScript: the caseload shows every row, the filter stays hidden', async () => {
      await page.goto(coordSite.url('coordination/'));
      const failures = [];
      const rows = page.locator('main table.caseload tbody tr');
      const n = await rows.count();
      let visible = 0;
      for (let i = 0; i < n; i++) if (await rows.nth(i).isVisible()) visible++;
      if (n < 15 || visible !== n) failures.push(`${visible} of ${n} rows visible (example-site has 15 apprentices)`);
      if (await page.locator('form[data-caseload-filter]').isVisible()) failures.push('the filter shows, though it cannot work without JavaScript');
      if (await page.locator('main th button').count()) failures.push('sort buttons without JavaScript');
      failures.push(...problems.splice(0));
      return { failures, info: `${n} rows` };
    });

    await check('without JavaScript: the coordinator\'s matching folds the alternatives in a <details>', async () => {
      await page.goto(coordSite.url('matching/'));
      const failures = [];
      const alts = page.locator('main details.alts').first();
      if (!(await alts.count())) failures.push('no alternatives folded in a <details>');
      else {
        await alts.locator('summary').click();
        if (!(await alts.locator('li').first().isVisible())) failures.push('opening the alternatives shows nothing');
      }
      failures.push(...problems.splice(0));
      return { failures };
    });
  }

  await check(`without JavaScript at ${NARROW} px: “Menu” opens the menu, its sections and the search`, async () => {
    const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: NARROW, height: 740 } });
    const p = await phone.newPage();
    const seen = watch(p);
    await p.goto(site.url('apprentices/lucas-martin/'));
    const failures = [];
    const links = p.locator('header nav a');
    const visibleLinks = async () => {
      let v = 0;
      for (let i = 0; i < await links.count(); i++) if (await links.nth(i).isVisible()) v++;
      return v;
    };
    const button = p.locator('header details.menu > summary');
    if ((await visibleLinks()) > 0) failures.push('links of the menu show before it is opened');
    if ((await button.innerText()).trim() !== 'Menu') failures.push(`the button reads “${await button.innerText()}”`);
    await button.click();
    const n = await links.count();
    const opened = await visibleLinks();
    if (n < 3 || opened < n) failures.push(`opened, ${opened} of ${n} links visible`);
    if (!(await p.locator('header input[type=search]').isVisible())) failures.push('opened, no search field');
    if (await p.locator('header nav a[aria-current]').count() !== 1) failures.push('no link marked aria-current');
    await button.click();
    if ((await visibleLinks()) > 0) failures.push('pressed again, the menu stays open');
    failures.push(...seen);
    await phone.close();
    return { failures, info: `${n} links` };
  });

  await check('without JavaScript: the home page works and its menu leads to the mentors', async () => {
    const failures = [];
    const resp = await page.goto(site.url(''));
    if (resp?.status() !== 200) failures.push(`status ${resp?.status()}`);
    if (!(await page.locator('main h1').first().isVisible())) failures.push('no visible <h1> in <main>');
    const navLinks = page.locator('header nav a');
    const n = await navLinks.count();
    let visible = 0;
    for (let i = 0; i < n; i++) if (await navLinks.nth(i).isVisible()) visible++;
    if (visible < 3) failures.push(`only ${visible} visible link(s) in the header's <nav>`);
    const toMentors = page.locator(`header nav a[href$="mentors/"], header nav a[href$="mentors/index.html"]`).first();
    if (!(await toMentors.count())) failures.push('no link to mentors/ in the header <nav>');
    else {
      await Promise.all([page.waitForURL(/\/mentors\/(index\.html)?$/), toMentors.click()]);
      if (!(await page.locator('main').count())) failures.push(`${page.url()} has no <main>`);
    }
    failures.push(...problems);
    return { failures };
  });
  await ctx.close();
}

async function typeQuery(page, input, q) {
  await input.fill('');
  await input.pressSequentially(q, { delay: 25 });
  // The status line says how many results, with the query in it (role="status").
  const status = page.locator('main [role="status"], main [aria-live]').first();
  if (await status.count()) {
    await status.filter({ hasText: q }).waitFor({ timeout: 5000 }).catch(() => {});
  } else await page.waitForTimeout(800);
  await page.waitForTimeout(50);
  return (await status.count()) ? (await status.textContent()).trim() : '';
}

async function searchChecks(browser, site, competencyRel) {
  const ctx = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  const page = await ctx.newPage();
  const problems = watch(page);
  const scripts = [];
  page.on('response', (r) => { if (r.request().resourceType() === 'script') scripts.push(r); });
  await page.goto(site.url('search/'));
  const input = page.locator('main input[type="search"], main input[name="q"]').first();
  const baseline = (await mainLinks(page)).length;
  const target = competencyRel; // competencies/soudure-cuivre/

  for (const q of ['soudure', 'braser', 'souder']) {
    await check(`search (JavaScript): “${q}” finds “Souder et braser le cuivre”`, async () => {
      if (!(await input.count())) return { failures: ['no search field in <main>'] };
      const status = await typeQuery(page, input, q);
      const hit = page.locator(`main a[href*="${target}"]`).first();
      await hit.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      const links = await mainLinks(page);
      const found = links.filter((l) => l.href.includes(target));
      const failures = found.length ? [] : [`no result links to ${target}; status “${status}”; results: ${JSON.stringify(links.slice(0, 8).map((l) => l.text))}`];
      return { failures, info: `“${status}” — first: ${links.slice(0, 3).map((l) => l.text).join(' | ')}` };
    });
  }

  await check('search (JavaScript): a result opens its page under the sub-path', async () => {
    const hit = page.locator(`main a[href*="${target}"]`).first();
    if (!(await hit.count())) return { failures: ['no result to click (see above)'] };
    const href = await hit.evaluate((a) => a.href);
    const [resp] = await Promise.all([page.waitForResponse((r) => r.url() === href), hit.click()]);
    await page.waitForURL(href);
    const failures = [];
    const landedOn = page.url();
    if (!href.startsWith(site.url(''))) failures.push(`result link ${href} is outside ${site.url('')}`);
    if (resp?.status() !== 200) failures.push(`${landedOn} answered ${resp?.status()}`);
    if (!(await page.locator('main h1').count())) failures.push(`${landedOn} has no <main> <h1>`);
    return { failures, info: landedOn };
  });

  await check(`search (JavaScript): the private apprentice “${PRIVATE_NAME}” is not found`, async () => {
    await page.goto(site.url('search/'));
    const status = await typeQuery(page, input, PRIVATE_NAME);
    const links = await mainLinks(page);
    const failures = [];
    if (links.length > baseline) failures.push(`${links.length - baseline} result(s): ${JSON.stringify(links.map((l) => `${l.text} → ${l.href}`))}`);
    if (!status) failures.push('no status message after the query');
    for (const r of scripts) {
      const body = (await r.body().catch(() => Buffer.alloc(0))).toString('utf8');
      if (body.toLowerCase().includes(PRIVATE_NAME.toLowerCase())) failures.push(`${r.url()} contains “${PRIVATE_NAME}”`);
    }
    return { failures, info: `“${status}”` };
  });

  // Recall: whatever is written anywhere in a public text is found.
  const charter = 'programme/ressources/charte/';
  const brazing = 'apprentices/lucas-martin/2026-10-14-brasure-forte-nourrice/';
  for (const [q, rel, why] of [
    ['manquement', charter, 'a word from the end of the longest handbook page, in the second part of its text'],
    ['manquements', charter, 'its plural, stemmed'],
    ['oxyacetylenique', brazing, 'a word from the middle of an entry’s text, typed without its accents'],
    ['pénétrer', brazing, 'the infinitive of “pénétré”, written in that entry, stemmed'],
  ]) {
    await check(`search (JavaScript): “${q}” finds ${rel} (${why})`, async () => {
      await page.goto(site.url('search/'));
      const status = await typeQuery(page, input, q);
      await page.locator(`main a[href*="${rel}"]`).first().waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
      const links = await mainLinks(page);
      if (!links.some((l) => l.href.includes(rel))) {
        return { failures: [`no result links to ${rel}; status “${status}”; results: ${JSON.stringify(links.slice(0, 8).map((l) => l.text))}`] };
      }
      // Its snippet quotes the word where the text has it, marked.
      const marks = await page.locator(`main li:has(> a[href*="${rel}"]) p mark`).allTextContents();
      const bare = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      const failures = marks.some((m) => bare(m).startsWith(bare(q).slice(0, 5))) ? []
        : [`the snippet of ${rel} marks ${JSON.stringify(marks)}, not “${q}”`];
      return { failures, info: `“${status}”; marked ${JSON.stringify(marks)}` };
    });
  }

  await check('search (JavaScript): the header search field leads to results', async () => {
    await page.goto(site.url(''));
    const head = page.locator('header input[type="search"], header input[name="q"]').first();
    if (!(await head.count())) return { failures: ['no search field in the header'] };
    await head.fill('braser');
    await Promise.all([page.waitForURL(/search\/(index\.html)?\?q=braser/), head.press('Enter')]);
    const hit = page.locator(`main a[href*="${target}"]`).first();
    await hit.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    return { failures: (await hit.isVisible()) ? [] : [`${page.url()} shows no result linking to ${target}`], info: page.url() };
  });

  await check('search (JavaScript): no console error, no failed request', async () => ({ failures: [...problems] }));
  await ctx.close();
}

async function matchingChecks(browser, site) {
  const ctx = await browser.newContext({ viewport: { width: NARROW, height: 740 } });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(site.url('matching/'));
  const form = page.locator('form[data-match-filter]');
  const cards = page.locator('main [data-filter-item]');
  const shown = async () => {
    const out = [];
    for (let i = 0; i < await cards.count(); i++) {
      const c = cards.nth(i);
      if (await c.isVisible()) out.push(await c.evaluate((e) => ({ ...e.dataset, id: e.id || e.querySelector('h3')?.textContent })));
    }
    return out;
  };
  const total = await cards.count();

  await check('matching (JavaScript): the filter appears and starts with every card', async () => {
    const failures = [];
    if (!(await form.isVisible())) failures.push('the filter is not visible');
    const all = await shown();
    if (all.length !== total) failures.push(`${all.length} of ${total} cards visible before filtering`);
    return { failures, info: `${total} cards` };
  });

  await check('matching (JavaScript): filtering by competency keeps only the cards that have it', async () => {
    const option = await form.locator('select[name="competency"] option').nth(1).getAttribute('value');
    await form.locator('select[name="competency"]').selectOption(option);
    const kept = await shown();
    const failures = [];
    if (!kept.length) failures.push(`no card left for ${option}`);
    if (kept.length === total) failures.push(`filtering by ${option} hid nothing`);
    for (const c of kept) if (!` ${c.competencies} `.includes(` ${option} `)) failures.push(`${c.id} shown without ${option}`);
    const status = (await page.locator('#match-count').textContent()).trim();
    if (!/\d/.test(status)) failures.push(`the status line says “${status}”`);
    const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    failures.push(...axeLines(axe.violations));
    return { failures, info: `${option}: ${kept.length} of ${total} — “${status}”` };
  });

  await check('matching (JavaScript): place “remote” and a format combine, reset shows everything again', async () => {
    const failures = [];
    await form.locator('select[name="competency"]').selectOption('');
    await form.locator('select[name="place"]').selectOption('remote');
    const remote = await shown();
    if (!remote.length) failures.push('no remote card');
    for (const c of remote) if (c.remote !== '1') failures.push(`${c.id} shown under “remote” but not remote`);
    const format = await form.locator('select[name="format"] option').nth(1).getAttribute('value');
    await form.locator('select[name="format"]').selectOption(format);
    for (const c of await shown()) {
      if (c.remote !== '1' || !` ${c.formats} `.includes(` ${format} `)) failures.push(`${c.id} shown for remote + ${format}`);
    }
    await form.locator('button[type="reset"]').click();
    await page.waitForTimeout(50);
    const all = await shown();
    if (all.length !== total) failures.push(`after reset, ${all.length} of ${total} cards visible`);
    if ((await page.locator('#match-count').textContent()).trim()) failures.push('the status line is not cleared after reset');
    failures.push(...problems.splice(0));
    return { failures, info: `remote: ${remote.length}` };
  });
  await ctx.close();
}

async function caseloadChecks(browser, site) {
  const ctx = await browser.newContext({ viewport: { width: NARROW, height: 740 } });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(site.url('coordination/'));
  const form = page.locator('form[data-caseload-filter]');
  const rows = page.locator('main table.caseload tbody tr');
  const total = await rows.count();
  const shown = async () => {
    const out = [];
    for (let i = 0; i < await rows.count(); i++) {
      const r = rows.nth(i);
      if (await r.isVisible()) out.push(await r.evaluate((e) => ({ id: e.id, status: e.dataset.status })));
    }
    return out;
  };

  await check('caseload (JavaScript): a heading sorts the table and says how (aria-sort)', async () => {
    const failures = [];
    const heads = page.locator('main table.caseload thead th');
    const last = heads.nth(1); // the status
    const button = last.locator('button');
    if (!(await button.count())) return { failures: ['no sort button in the status heading'] };
    await button.click();
    if ((await last.getAttribute('aria-sort')) !== 'ascending') failures.push(`aria-sort is ${await last.getAttribute('aria-sort')} after one click`);
    if (await heads.first().getAttribute('aria-sort')) failures.push('the name heading still says it sorts the table');
    const rank = async () => rows.evaluateAll((rs) => rs.map((r) => Number(r.cells[1].dataset.sort)));
    const up = await rank();
    if (up.some((x, i) => i > 0 && x < up[i - 1])) failures.push(`not in ascending order: ${up}`);
    await button.click();
    const down = await rank();
    if ((await last.getAttribute('aria-sort')) !== 'descending') failures.push('a second click does not sort the other way');
    if (down.some((x, i) => i > 0 && x > down[i - 1])) failures.push(`not in descending order: ${down}`);
    const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    failures.push(...axeLines(axe.violations));
    return { failures, info: `status ranks, worst first: ${down.join(' ')}` };
  });

  await check('caseload (JavaScript): the filter by status and text, then reset', async () => {
    const failures = [];
    if (!(await form.isVisible())) return { failures: ['the filter is not visible'] };
    await form.locator('select[name="status"]').selectOption('behind');
    const behind = await shown();
    if (!behind.length || behind.length === total) failures.push(`${behind.length} of ${total} rows for “behind”`);
    for (const r of behind) if (r.status !== 'behind') failures.push(`${r.id} shown under “behind”`);
    const status = (await page.locator('#caseload-count').textContent()).trim();
    if (!/\d/.test(status)) failures.push(`the status line says “${status}”`);
    await form.locator('select[name="status"]').selectOption('');
    await form.locator('input[name="q"]').fill('manon');
    const manon = await shown();
    if (manon.length !== 1 || manon[0].id !== 'c-manon-roussel') failures.push(`“manon” shows ${JSON.stringify(manon)}`);
    await form.locator('button[type="reset"]').click();
    await page.waitForTimeout(50);
    if ((await shown()).length !== total) failures.push('reset does not show every row again');
    failures.push(...problems.splice(0));
    return { failures, info: `behind: ${behind.length} of ${total} — “${status}”` };
  });
  await ctx.close();
}

async function fileChecks(browser) {
  const ctx = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  const page = await ctx.newPage();
  let problems = watch(page);
  const start = pathToFileURL(path.join(FILE_DIR, 'index.html')).href;

  const landed = async (failures) => {
    const url = page.url();
    if (!url.startsWith('file://')) failures.push(`left file:// for ${url}`);
    if (!/\.html$/.test(new URL(url).pathname)) failures.push(`landed on ${url}, not an .html file`);
    const hasMain = await page.locator('main').count();
    const title = await page.title();
    if (!hasMain) failures.push(`${url} has no <main> (“${title}”${/^Index of/.test(title) ? ': a directory listing' : ''})`);
    await page.waitForTimeout(50);
    failures.push(...problems.splice(0));
  };

  /** Clicks the first visible link inside `scope` whose href matches `re`. */
  const follow = async (scope, re, what) => {
    const links = page.locator(`${scope} a[href]`);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.href));
    for (let i = 0; i < hrefs.length; i++) {
      if (!re.test(hrefs[i]) || !(await links.nth(i).isVisible())) continue;
      await Promise.all([page.waitForURL(hrefs[i]), links.nth(i).click()]);
      return null;
    }
    return `no visible link to ${what} in ${scope} (${page.url()}); links: ${hrefs.slice(0, 12).map((h) => h.replace(/^.*target\/browser\/file\//, '')).join(' ')}`;
  };

  const steps = [
    ['the home page', null],
    ['the mentors directory (header menu)', ['header nav', /\/mentors\/(index\.html)?$/, 'mentors/']],
    ['a mentor', ['main', /\/mentors\/[^/]+\/(index\.html)?$/, 'a mentor']],
    ['the portfolios list (header menu)', ['header nav', /\/apprentices\/(index\.html)?$/, 'apprentices/']],
    ['a portfolio', ['main', /\/apprentices\/lucas-martin\/(index\.html)?$/, 'apprentices/lucas-martin/']],
    ['an entry', ['main', /\/apprentices\/lucas-martin\/[^/]+\/(index\.html)?$/, 'an entry of the portfolio']],
  ];
  let stopped = false;
  for (const [what, how] of steps) {
    await check(`file://: ${how ? 'click to ' : 'open '}${what}`, async () => {
      if (stopped) return { failures: ['not reached: an earlier step failed'] };
      const failures = [];
      if (!how) await page.goto(start);
      else {
        const miss = await follow(...how);
        if (miss) { stopped = true; return { failures: [miss] }; }
      }
      await landed(failures);
      if (failures.length && !(await page.locator('main').count())) stopped = true;
      return { failures, info: page.url().replace(/^.*target\/browser\/file\//, '') };
    });
  }

  await check('file://: search “braser” finds the competency and opens it', async () => {
    problems.splice(0);
    await page.goto(pathToFileURL(path.join(FILE_DIR, 'search', 'index.html')).href);
    const input = page.locator('main input[type="search"], main input[name="q"]').first();
    if (!(await input.count())) return { failures: ['no search field in <main>'] };
    const status = await typeQuery(page, input, 'braser');
    const hit = page.locator('main a[href*="soudure-cuivre"]').first();
    await hit.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    if (!(await hit.isVisible())) return { failures: [`no result linking to soudure-cuivre; status “${status}”`, ...problems.splice(0)] };
    const href = await hit.evaluate((a) => a.href);
    await Promise.all([page.waitForURL(href), hit.click()]);
    const failures = [];
    await landed(failures);
    return { failures, info: `“${status}”` };
  });
  await check('file://: search “chauffe-eau” shows its entry first, the words in <mark>', async () => {
    problems.splice(0);
    await page.goto(pathToFileURL(path.join(FILE_DIR, 'search', 'index.html')).href);
    const input = page.locator('main input[type="search"], main input[name="q"]').first();
    if (!(await input.count())) return { failures: ['no search field in <main>'] };
    const status = await typeQuery(page, input, 'chauffe-eau');
    const first = page.locator('main #search-results li').first();
    await first.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    const failures = [];
    const href = (await first.count()) ? await first.locator('a').first().getAttribute('href') : null;
    if (!href || !/pose-chauffe-eau/.test(href)) failures.push(`the first result links to ${href}; status “${status}”`);
    const marks = await page.locator('main #search-results mark').allTextContents();
    if (!marks.some((m) => /^chauffe$/i.test(m))) failures.push(`no <mark> around “chauffe”: ${JSON.stringify(marks.slice(0, 8))}`);
    failures.push(...problems.splice(0));
    return { failures, info: `“${status}”, ${marks.length} words marked` };
  });
  problems = null;
  await ctx.close();
}

/**
 * The portfolio's journal: at 360 px, every card of every month within the
 * screen, its title, hours and sign-off whole; without JavaScript, a month
 * opens and closes from its summary.
 */
async function journalChecks(browser, site, portfolioRel, { narrow, noJs }) {
  if (narrow) {
    const ctx = await browser.newContext({ viewport: { width: NARROW, height: 740 } });
    const page = await ctx.newPage();
    const problems = watch(page);
    await page.goto(site.url(portfolioRel));
    await check(`portfolio: at ${NARROW} px every journal card fits the screen, title, hours and sign-off whole`, async () => {
      // Every month unfolded, as a reader would one after the other.
      const r = await page.evaluate(() => {
        document.querySelectorAll('.journal details').forEach((d) => { d.open = true; });
        const W = document.documentElement.clientWidth;
        const failures = [];
        const name = (el) => `${el.tagName.toLowerCase()} “${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}”`;
        for (const el of document.querySelectorAll('.journal *')) {
          const b = el.getBoundingClientRect();
          if (b.width && (b.left < -0.5 || b.right > W + 0.5)) failures.push(`${name(el)} spans ${Math.round(b.left)}–${Math.round(b.right)} px`);
        }
        const cards = [...document.querySelectorAll('.journal li')];
        for (const li of cards) {
          const parts = [...li.children].filter((e) => e.tagName !== 'FIGURE');
          const title = parts.find((e) => e.tagName === 'A');
          const hours = parts.find((e) => e.tagName === 'SPAN' && !e.className && e.previousElementSibling === title);
          const status = parts.find((e) => /^st-/.test(e.className));
          for (const [what, el] of [['title', title], ['hours', hours], ['sign-off', status]]) {
            if (!el) { if (what === 'title') failures.push(`a card without a ${what}: ${name(li)}`); continue; }
            const b = el.getBoundingClientRect();
            if (b.width < 1 || b.height < 1 || getComputedStyle(el).visibility === 'hidden') failures.push(`${what} hidden: ${name(el)}`);
            else if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) failures.push(`${what} clipped: ${name(el)}`);
          }
          if (title && title.getBoundingClientRect().height < 24) failures.push(`title under 24 px tall: ${name(title)}`);
        }
        for (const s of document.querySelectorAll('.journal summary')) {
          if (s.getBoundingClientRect().height < 24) failures.push(`summary under 24 px tall: ${name(s)}`);
        }
        const said = parseInt(document.querySelector('.journal > p')?.textContent || '0', 10);
        if (cards.length !== said) failures.push(`${cards.length} cards, the journal says ${said} entries`);
        return { failures: failures.slice(0, 10), info: `${cards.length} cards in ${document.querySelectorAll('.journal details').length} months` };
      });
      await shot(page, 'portfolio-journal-open', NARROW);
      return { failures: [...r.failures, ...problems.splice(0)], info: r.info };
    });
    await ctx.close();
  }
  if (noJs) {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: NARROW, height: 740 } });
    const page = await ctx.newPage();
    const problems = watch(page);
    await check('without JavaScript: the journal\'s months open and close from their summary', async () => {
      await page.goto(site.url(portfolioRel));
      const months = page.locator('.journal details');
      const n = await months.count();
      const failures = [];
      if (n < 2) return { failures: [`${n} month(s) in the journal`] };
      if (!(await months.first().locator('li').first().isVisible())) failures.push('the newest month shows no entry');
      if (!(await months.first().locator('blockquote').first().isVisible())) failures.push('the newest month shows no feedback');
      const older = months.nth(1);
      const card = older.locator('li').first();
      if (await card.isVisible()) failures.push('an older month shows unfolded');
      await older.locator('summary').click();
      if (!(await card.isVisible())) failures.push('a click on the summary does not open the month');
      else if (!(await card.locator('a').first().textContent())?.trim()) failures.push('the opened month\'s first card has no title');
      await older.locator('summary').click();
      if (await card.isVisible()) failures.push('a second click does not close it');
      failures.push(...problems.splice(0));
      return { failures, info: `${n} months` };
    });
    await ctx.close();
  }
}

async function printChecks(browser, site, portfolioRel) {
  const ctx = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(site.url(portfolioRel));
  await loadAllImages(page);

  await check('print: the portfolio hides navigation and search', async () => {
    await page.emulateMedia({ media: 'print' });
    const failures = [];
    for (const sel of ['header nav', 'form[role="search"]']) {
      const loc = page.locator(sel);
      for (let i = 0; i < await loc.count(); i++) {
        if (await loc.nth(i).isVisible()) failures.push(`${sel} is visible in print`);
      }
    }
    await page.emulateMedia({ media: null });
    return { failures };
  });

  await check('print: the portfolio prints to an A4 PDF', async () => {
    const file = path.join(ART, 'portfolio.pdf');
    const pdf = await page.pdf({ path: file, format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
    const failures = [];
    if (pages < 2 && pdf.length < 50 * 1024) failures.push(`only ${pages} page(s) and ${kb(pdf.length)}`);
    failures.push(...problems);
    return { failures, info: `${pages} pages, ${kb(pdf.length)} → ${path.relative(REPO, file)}` };
  });
  await ctx.close();
  await recordPrintChecks(browser, site, portfolioRel);
}

/** A front-matter field of a Markdown file of the site, as written (TOML or YAML, a string or a list). */
function field(text, name) {
  const front = text.split(/^(?:\+\+\+|---)\s*$/m)[1] || '';
  const m = front.match(new RegExp(`^${name}\\s*[=:]\\s*(.+)$`, 'm'));
  return m ? JSON.parse(m[1].trim()) : undefined;
}

/** Each page of a PDF: its height and its text runs, with their baselines (from the bottom, in points). */
async function pdfText(bytes) {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const { height } = page.getViewport({ scale: 1 });
    const runs = (await page.getTextContent()).items.filter((t) => t.str.trim()).map((t) => ({ text: t.str, y: t.transform[5] }));
    pages.push({ height, runs });
  }
  await doc.destroy();
  return pages;
}

/**
 * The portfolio's record (print.html) printed to A4 as a reader would, with
 * the page's own footer (no displayHeaderFooter), and read back from the PDF:
 * the cover's facts, every feedback once, every evidence address, no page
 * under a quarter full but the last, the name and page number at each foot.
 */
async function recordPrintChecks(browser, site, portfolioRel) {
  const MM = 72 / 25.4;
  const [TOP, BOTTOM] = [16 * MM, 18 * MM]; // style.css: @page{margin:16mm 14mm 18mm}
  const ctx = await browser.newContext({ viewport: { width: WIDE, height: 900 } });
  const page = await ctx.newPage();
  const problems = watch(page);
  await page.goto(site.url(`${portfolioRel}print.html`), { waitUntil: 'load' });
  await loadAllImages(page);

  // What the sources say.
  const folder = path.join(REPO, 'example-site', portfolioRel);
  const profile = readFileSync(path.join(folder, '_index.md'), 'utf8');
  const mentorId = field(profile, 'mentor');
  const facts = {
    name: field(profile, 'name'),
    employer: field(profile, 'employer'),
    qualification: field(profile, 'qualification'),
    mentor: mentorId && field(readFileSync(path.join(REPO, 'example-site/mentors', `${mentorId}.md`), 'utf8'), 'name'),
  };
  const entries = readdirSync(folder).filter((f) => /^\d{4}-\d\d-\d\d-.*\.md$/.test(f))
    .map((f) => ({ slug: f.replace(/\.md$/, ''), text: readFileSync(path.join(folder, f), 'utf8') }))
    .filter((e) => field(e.text, 'draft') !== true);
  const withFeedback = entries.filter((e) => field(e.text, 'feedback') !== undefined).length;
  const addresses = entries.flatMap((e) => (field(e.text, 'evidence') || []).map((ev) =>
    (ev.includes('://') ? ev : site.url(`${portfolioRel}${e.slug}/${encodeURI(ev)}`))));

  await check('print: the record hides the menu, search and breadcrumb', async () => {
    await page.emulateMedia({ media: 'print' });
    const failures = [];
    for (const sel of ['header nav', 'form[role="search"]', '.breadcrumb', '[data-print]']) {
      const loc = page.locator(sel);
      for (let i = 0; i < await loc.count(); i++) if (await loc.nth(i).isVisible()) failures.push(`${sel} is visible in print`);
    }
    await page.emulateMedia({ media: null });
    return { failures };
  });

  let pages = [];
  await check('print: the record prints to A4, its cover naming the apprentice, employer, qualification and mentor', async () => {
    const file = path.join(ART, 'record.pdf');
    pages = await pdfText(await page.pdf({ path: file, format: 'A4', printBackground: true }));
    const cover = pages[0]?.runs.map((r) => r.text).join('').replace(/\s+/g, '') || '';
    const failures = Object.entries(facts).filter(([, v]) => !v || !cover.includes(v.replace(/\s+/g, '')))
      .map(([k, v]) => `page 1 does not say the ${k} (${v})`);
    failures.push(...problems.splice(0));
    return { failures, info: `${pages.length} pages → ${path.relative(REPO, file)}` };
  });

  await check('print: the record prints every feedback once and every evidence address', async () => {
    const all = pages.flatMap((p) => p.runs.map((r) => r.text)).join('').replace(/\s+/g, '');
    const quotes = all.split('Retourdumentor').length - 1;
    const failures = [];
    if (quotes !== withFeedback) failures.push(`${quotes} feedback quotes printed, ${withFeedback} entries with feedback in ${path.relative(REPO, folder)}`);
    for (const a of addresses) if (!all.includes(a)) failures.push(`not printed: ${a}`);
    return { failures, info: `${quotes} quotes, ${addresses.length} addresses` };
  });

  await check('print: no page of the record under a quarter full but the last; each foot names the apprentice and numbers the page', async () => {
    const failures = [];
    pages.forEach((p, i) => {
      const body = p.runs.filter((r) => r.y > BOTTOM);
      const lowest = Math.min(...body.map((r) => r.y));
      const full = (p.height - TOP - lowest) / (p.height - TOP - BOTTOM);
      if (i < pages.length - 1 && !(full >= 0.25)) failures.push(`page ${i + 1} is ${Math.round(full * 100)} % full`);
      if (!body.length) failures.push(`page ${i + 1} is blank`);
      const foot = p.runs.filter((r) => r.y <= BOTTOM).map((r) => r.text).join(' ');
      if (!foot.includes(facts.name) || !foot.includes(`${i + 1} / ${pages.length}`)) failures.push(`page ${i + 1}'s foot reads “${foot}”`);
    });
    if (pages.length < 2) failures.push(`${pages.length} page(s)`);
    return { failures, info: `${pages.length} pages` };
  });
  await ctx.close();
}

// ------------------------------------------------------------ main
async function main() {
  for (const dir of [HTTP_DIR, FILE_DIR]) {
    if (!existsSync(path.join(dir, 'index.html'))) {
      console.error(`FAIL ${path.relative(REPO, dir)}/index.html is missing: build the site first (bash scripts/browser-tests.sh)`);
      process.exit(1);
    }
  }
  await fs.mkdir(SCREENS, { recursive: true });
  await fs.rm(path.join(ART, 'portfolio.pdf'), { force: true });
  await fs.rm(path.join(ART, 'record.pdf'), { force: true });

  const { kinds: allKinds, missing } = pageKinds();
  const only = (process.env.BROWSER_TEST_ONLY || '').split(',').filter(Boolean);
  const kinds = only.length ? allKinds.filter((k) => only.includes(k.kind)) : allKinds;
  report('the build has every page kind', missing.map((m) => `missing: ${m}`),
    allKinds.map((k) => `${k.kind}=/${k.rel}`).join(' '));

  const { hv, unexplained } = htmlValidator();
  report('.htmlvalidate.json: every relaxed rule has a reason', unexplained,
    Object.keys(RELAXED_RULES).join(', '));

  const want = (part) => !only.length || only.includes(part);
  if (want('validate-all')) await check('html-validate: every page of the build', () => validateWholeSite(hv));

  const site = await serve(HTTP_DIR, BASE, Number(process.env.BROWSER_TEST_PORT || 0));
  console.log(`serving ${path.relative(REPO, HTTP_DIR)} at ${site.url('')}`);
  const coordSite = existsSync(path.join(COORD_DIR, 'index.html'))
    ? await serve(COORD_DIR, BASE, Number(process.env.BROWSER_TEST_COORD_PORT || 0))
    : null;
  if (coordSite) console.log(`serving ${path.relative(REPO, COORD_DIR)} at ${coordSite.url('')}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  console.log(`Chromium ${browser.version()}`);
  const rel = Object.fromEntries(allKinds.map((k) => [k.kind, k.rel]));
  let weights = [];
  try {
    weights = await pageKindChecks(browser, site, hv, kinds.filter((k) => !k.root));
    const coordKinds = kinds.filter((k) => k.root === COORD_DIR);
    if (coordSite && coordKinds.length) weights.push(...await pageKindChecks(browser, coordSite, hv, coordKinds));
    if (want('no-js')) await noJavaScriptChecks(browser, site, coordSite);
    if (want('search-js')) await searchChecks(browser, site, rel.competency || 'competencies/soudure-cuivre/');
    if (want('matching-js')) await matchingChecks(browser, site);
    if (want('caseload-js') && coordSite) await caseloadChecks(browser, coordSite);
    if (want('file-links')) await fileChecks(browser);
    if (rel.portfolio) {
      await journalChecks(browser, site, rel.portfolio, {
        narrow: kinds.some((k) => k.kind === 'portfolio'), noJs: want('no-js'),
      });
    }
    if (want('print') && rel.portfolio) await printChecks(browser, site, rel.portfolio);
  } finally {
    await browser.close();
    await site.close();
    if (coordSite) await coordSite.close();
  }

  const failed = results.filter((r) => !r.ok);
  const passed = results.length - failed.length;
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  await fs.writeFile(path.join(ART, 'browser-report.json'),
    `${JSON.stringify({ seconds: Number(seconds), weights, results }, null, 2)}\n`);
  console.log('');
  if (weights.length) {
    console.log('Weights (HTML + CSS + JS, uncompressed):');
    for (const w of weights) console.log(`  ${w.kind.padEnd(17)} ${kb(w.total).padStart(9)}  (HTML ${kb(w.document)}, CSS ${kb(w.stylesheet)}, JS ${kb(w.script)})`);
    console.log('');
  }
  if (failed.length) {
    console.log(`FAILURES (${failed.length}):`);
    for (const f of failed) {
      console.log(`FAIL ${f.name}`);
      for (const l of f.failures) console.log(`     ${l.replace(/\n/g, '\n     ')}`);
    }
    console.log('');
  }
  console.log(`Screenshots in ${path.relative(REPO, SCREENS)}/, report in ${path.relative(REPO, ART)}/browser-report.json (${seconds} s)`);
  console.log(`${passed} passed, ${failed.length} failed`);
  process.exitCode = failed.length ? 1 : 0;
}

// A hung browser must not hang CI: give up after 5 minutes (a run takes about 70 s).
setTimeout(() => {
  console.log('FAIL the browser tests took more than 5 minutes; stopped');
  console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
}, 5 * 60 * 1000).unref();

main().catch((e) => {
  console.error(`FAIL the browser tests could not run: ${(e && e.stack) || e}`);
  console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
});
