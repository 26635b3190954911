// Shared helpers for the browser tests: launching Debian's Chromium through
// playwright-core, opening pages against the running server, the axe-core
// accessibility check, and a few form helpers that work with and without
// JavaScript in the page.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Base URL of the server under test, without a trailing slash; null when unset. */
export const BASE_URL = (process.env.HEARINGS_BASE_URL ?? '').trim().replace(/\/+$/, '') || null;

/** Set by CI: then a missing server URL is a failure, not a skip. */
export const REQUIRE_BROWSER = process.env.HEARINGS_REQUIRE_BROWSER === '1';

/**
 * Reason to skip every browser test, or false when they should run.
 * With HEARINGS_REQUIRE_BROWSER=1 nothing is skipped: a missing URL fails loudly instead.
 */
export const SKIP_REASON =
  BASE_URL || REQUIRE_BROWSER
    ? false
    : 'HEARINGS_BASE_URL is not set: start the server with demo data and set it (e.g. http://127.0.0.1:39123)';

export const CHROMIUM_PATH = process.env.HEARINGS_CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const AXE_PATH = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Where screenshots and HTML of failed journeys go (target/ is git-ignored). */
export const ARTIFACTS_DIR =
  process.env.HEARINGS_BROWSER_ARTIFACTS || path.resolve(here, '../../target/browser-artifacts');

/** Demo accounts loaded with the demo data. */
export const ACCOUNTS = {
  staff: { email: 'sekretariat@glostrup.example', password: 'Demo-Sekretariat-1' },
  politician: { email: 'politiker@glostrup.example', password: 'Demo-Politiker-1' },
  admin: { email: 'admin@glostrup.example', password: 'Demo-Admin-1' },
  respondent: { email: 'virksomhed@bageri.example', password: 'Demo-Virksomhed-1' },
};

// Options each page was opened with (to know whether JavaScript runs in it).
const pageOptions = new WeakMap();
// Requests to hosts other than the server under test, per page.
const foreignRequests = new WeakMap();

/** Start headless Chromium. */
export async function launch() {
  assert.ok(BASE_URL, 'HEARINGS_BASE_URL must be set (HEARINGS_REQUIRE_BROWSER=1 forbids skipping)');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Open a page in a fresh browser context (own cookies, so own session).
 *
 * bypassCSP is on only so that axe-core can be injected: the pages send a
 * strict Content-Security-Policy that would otherwise block it.
 * Requests to any other host are aborted and recorded: pages must not load
 * anything from third parties (see assertNoForeignRequests).
 */
export async function newPage(browser, { javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    bypassCSP: true,
    javaScriptEnabled,
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);

  const page = await context.newPage();
  const foreign = [];
  await blockForeignRequests(context, foreign);

  pageOptions.set(page, { javaScriptEnabled });
  foreignRequests.set(page, foreign);
  return page;
}

/**
 * Abort every request of `context` to a host other than the server, and
 * record its URL in `sink`. `override(route)` may handle a request first
 * (returning a promise), or return null to let it through.
 */
async function blockForeignRequests(context, sink, override = () => null) {
  const serverOrigin = new URL(BASE_URL).origin;
  await context.route('**/*', (route) => {
    const handled = override(route);
    if (handled) return handled;
    const url = route.request().url();
    if (new URL(url).origin === serverOrigin) return route.continue();
    sink.push(url);
    return route.abort('blockedbyclient');
  });
}

/** Fail if the page (its whole context) tried to reach any host but the server. */
export function assertNoForeignRequests(page) {
  const foreign = foreignRequests.get(page) ?? [];
  if (foreign.length > 0) assert.fail(`requests to third-party hosts:\n  ${foreign.join('\n  ')}`);
}

/** GET a path and assert that the final response is 200. Returns the response. */
export async function visit(page, pathname) {
  const response = await page.goto(pathname);
  assert.ok(response, `no response for ${pathname}`);
  assert.equal(response.status(), 200, `GET ${pathname} answered ${response.status()} (${page.url()})`);
  return response;
}

/**
 * Run `action` (a click, a key press) that makes the page navigate, and wait
 * until the new document has loaded. Works for POST-redirect-GET as well as
 * for a form re-rendered in place with errors. Returns the final document
 * response (after any redirects).
 */
export async function waitForNavigation(page, action) {
  const mainFrame = page.mainFrame();
  const response = page.waitForResponse(
    (r) => r.request().isNavigationRequest() && r.request().frame() === mainFrame && !isRedirect(r.status()),
  );
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === mainFrame);
  await action();
  const [final] = await Promise.all([response, navigated]);
  await page.waitForLoadState('load');
  return final;
}

/** Click a submit button or link and wait for the new document (see waitForNavigation). */
export async function clickAndWait(page, locator) {
  return waitForNavigation(page, () => locator.click());
}

function isRedirect(status) {
  return status >= 300 && status < 400;
}

/** Path of the current page, e.g. "/hearings/123". */
export function currentPath(page) {
  return new URL(page.url()).pathname;
}

/**
 * Run axe-core on the page and assert that it finds no WCAG 2.1 A/AA violation.
 *
 * axe needs JavaScript. For a page opened without JavaScript, the exact markup
 * it shows is served once more, under the same URL, to a twin page with
 * JavaScript on, and axe runs there.
 */
export async function checkA11y(page, label) {
  const { javaScriptEnabled } = pageOptions.get(page) ?? { javaScriptEnabled: true };
  const violations = javaScriptEnabled ? await runAxe(page) : await runAxeOnTwin(page);
  if (violations.length > 0) {
    assert.fail(`${label}: ${violations.length} accessibility violation(s) on ${page.url()}:\n${formatViolations(violations)}`);
  }
}

async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

async function runAxeOnTwin(page) {
  const html = await page.content();
  const url = page.url();
  const context = await page.context().browser().newContext({ bypassCSP: true, javaScriptEnabled: true, locale: 'da-DK' });
  let served = false;
  await blockForeignRequests(context, foreignRequests.get(page) ?? [], (route) => {
    if (served || route.request().url() !== url) return null;
    served = true;
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  try {
    const twin = await context.newPage();
    await twin.goto(url);
    return await runAxe(twin);
  } finally {
    await context.close();
  }
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target}\n      ${n.html}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`);
      return `  [${v.impact}] ${v.id}: ${v.help}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

/** The language of the page, from <html lang>. */
export async function pageLang(page) {
  return page.locator('html').getAttribute('lang');
}

/** Assert that the header shows the signed-in state (a sign-out form) or the signed-out state (a sign-in link). */
export async function assertSignedIn(page, expected) {
  const signOut = page.locator('form[action="/signout"]');
  const signIn = page.locator('a[href="/signin"]');
  if (expected) {
    assert.ok((await signOut.count()) > 0, `expected to be signed in on ${page.url()} (no form[action="/signout"])`);
  } else {
    assert.equal(await signOut.count(), 0, `expected to be signed out on ${page.url()}`);
    assert.ok((await signIn.count()) > 0, `expected a link to /signin on ${page.url()}`);
  }
}

/** Sign in through the sign-in form and assert that it lands on "/" signed in. */
export async function signIn(page, email, password) {
  await visit(page, '/signin');
  await checkA11y(page, 'sign-in form');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  const response = await clickAndWait(page, submitButtonOf(page, 'input[name=password]'));
  assert.equal(response.status(), 200, `sign-in as ${email} answered ${response.status()}`);
  assert.equal(currentPath(page), '/', `sign-in as ${email} should redirect to /, got ${page.url()}`);
  await assertSignedIn(page, true);
}

/** Sign out with the header's sign-out form and assert that it worked. */
export async function signOut(page) {
  const button = page.locator('form[action="/signout"] button[type=submit], form[action="/signout"] input[type=submit]');
  await clickAndWait(page, button.first());
  await assertSignedIn(page, false);
}

/** The submit button of the form that contains `fieldSelector`. */
export function submitButtonOf(page, fieldSelector) {
  return page.locator(`form:has(${fieldSelector}) button[type=submit]`).first();
}

/**
 * Turn off the browser's own form validation (required, pattern, min …) on
 * every form in the page, so that a test can check the server's validation.
 * Uses page.evaluate, which works even when the page's scripts are disabled.
 */
export async function disableNativeValidation(page) {
  await page.evaluate(() => {
    for (const form of document.forms) form.noValidate = true;
  });
}

/** Fail unless the page shows an error summary (or an alert) whose text matches `pattern` when given. */
export async function assertErrorShown(page, pattern) {
  const errors = page.locator('.error-summary, [role=alert]');
  assert.ok((await errors.count()) > 0, `expected an error summary on ${page.url()}`);
  if (pattern) {
    const text = (await errors.allInnerTexts()).join('\n');
    assert.match(text, pattern, `error text on ${page.url()}`);
  }
}

/**
 * Assert that a form field is marked as wrong and its message is next to it:
 * aria-invalid="true" and aria-describedby pointing at a non-empty message.
 */
export async function assertFieldError(page, name) {
  const field = page.locator(`[name="${name}"]`).first();
  assert.equal(await field.getAttribute('aria-invalid'), 'true', `field ${name} should have aria-invalid="true"`);
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = [];
  for (const id of ids) {
    const element = page.locator(`[id="${id}"]`);
    if ((await element.count()) > 0) texts.push((await element.first().innerText()).trim());
  }
  assert.ok(texts.some((t) => t.length > 0), `field ${name} should be described by its error message (aria-describedby)`);
}

/** Assert that a text-like field or select still holds `expected`. */
export async function assertValue(page, name, expected) {
  assert.equal(await page.locator(`[name="${name}"]`).first().inputValue(), expected, `field ${name} lost its value`);
}

/**
 * Choose an option in a <select> by the first of several candidate values
 * that the select offers, or by a predicate over the offered values.
 * Returns the chosen value.
 */
export async function selectFirstAvailable(page, name, candidates) {
  const select = page.locator(`select[name="${name}"]`);
  const offered = await select.locator('option').evaluateAll((options) => options.map((o) => o.value));
  const wanted = typeof candidates === 'function' ? offered.find(candidates) : candidates.find((c) => offered.includes(c));
  assert.ok(wanted, `select ${name} offers none of the expected values; it offers: ${offered.join(', ')}`);
  await select.selectOption(wanted);
  return wanted;
}

/** Date as YYYY-MM-DD in Europe/Copenhagen, `days` from today. */
export function copenhagenDate(days = 0) {
  const when = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(when);
}

/** A random, valid CVR number: 8 digits, first not 0, weighted sum (2,7,6,5,4,3,2,1) divisible by 11. */
export function randomCvr() {
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  for (;;) {
    const digits = [1 + Math.floor(Math.random() * 9)];
    for (let i = 1; i < 7; i++) digits.push(Math.floor(Math.random() * 10));
    const partial = digits.reduce((sum, d, i) => sum + d * weights[i], 0);
    const check = (11 - (partial % 11)) % 11; // weight of the last digit is 1
    if (check <= 9) return [...digits, check].join('');
  }
}

/** True if `cvr` passes the modulus-11 check. */
export function isValidCvr(cvr) {
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  return /^[1-9]\d{7}$/.test(cvr) && [...cvr].reduce((sum, d, i) => sum + Number(d) * weights[i], 0) % 11 === 0;
}

/** A short id unique to this test run, for e-mail addresses and titles. */
export const RUN_ID = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/**
 * Run `body(page)` in a fresh page; on failure save a screenshot and the HTML
 * under ARTIFACTS_DIR before rethrowing. Always checks that no third-party
 * host was contacted, and closes the context.
 */
export async function withPage(browser, name, body, options = {}) {
  const page = await newPage(browser, options);
  try {
    await body(page);
    assertNoForeignRequests(page);
  } catch (error) {
    await saveArtifacts(page, name).catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
}

async function saveArtifacts(page, name) {
  const base = path.join(ARTIFACTS_DIR, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await writeFile(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`);
  await page.screenshot({ path: `${base}.png`, fullPage: true });
  console.log(`# saved ${base}.png and ${base}.html`);
}

/** Where the server's e-mail worker writes `.eml` files (set by tests/blackbox/browser.rs). */
export const OUTBOX_DIR = (process.env.HEARINGS_OUTBOX_DIR ?? '').trim() || null;

/** Undoes quoted-printable (soft line breaks and `=XX`), as a mail reader does. */
function decodeQuotedPrintable(raw) {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i += 1) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The one-time link (a path with its `?token=`) in the newest e-mail to
 * `address` that carries one for `kind` (`verify`, `reset` or `invitation`), read from the
 * `.eml` files the server writes, leaving out the links in `seen`; waits up
 * to 15 seconds for the file.
 */
export async function emailedLink(address, kind, seen = []) {
  assert.ok(OUTBOX_DIR, 'HEARINGS_OUTBOX_DIR names the folder of the .eml files');
  const { readdir, readFile, stat } = await import('node:fs/promises');
  const prefixes = { reset: '/password-reset/confirm?token=', invitation: '/invitation?token=' };
  const prefix = prefixes[kind] ?? '/verify?token=';
  const deadline = Date.now() + 15_000;
  for (;;) {
    let newest = null;
    const names = await readdir(OUTBOX_DIR).catch(() => []);
    for (const name of names.filter((n) => n.endsWith('.eml'))) {
      const file = path.join(OUTBOX_DIR, name);
      const text = decodeQuotedPrintable(await readFile(file, 'utf8'));
      if (!text.split(/\r?\n/).some((l) => l === `To: ${address}`)) continue;
      const at = text.indexOf(prefix);
      if (at < 0) continue;
      const token = text.slice(at + prefix.length).match(/^[0-9a-f]+/)?.[0];
      const { mtimeMs } = await stat(file);
      const link = token ? prefix + token : null;
      if (link && !seen.includes(link) && (!newest || mtimeMs >= newest.mtimeMs)) newest = { mtimeMs, link };
    }
    if (newest) return newest.link;
    if (Date.now() > deadline) assert.fail(`no ${kind} e-mail to ${address} in ${OUTBOX_DIR}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
