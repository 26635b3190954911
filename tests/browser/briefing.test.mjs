// The politicians' briefing and the summary in the browser: a politician
// reaches the briefing from the navigation by the keyboard alone, opens the
// summary of the closed policy hearing, and follows a figure to the
// responses behind it; without JavaScript the charts are there (drawn on
// the server) with their tables. Every page is checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, SKIP_REASON, checkA11y, currentPath, launch, signIn, signOut, visit, withPage } from './helpers.mjs';

/** Press Tab until the focused element matches `selector` (at most `limit` times). */
async function tabTo(page, selector, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

async function enter(page) {
  await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
}

describe('the briefing and the summary', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('a politician reaches the briefing, the summary and the responses behind a figure by keyboard', () =>
    withPage(browser, 'briefing-keyboard', async (page) => {
      await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);
      await tabTo(page, 'a[href="/briefing"]');
      await enter(page);
      assert.equal(currentPath(page), '/briefing');
      const headings = await page.locator('section.meeting h2').allInnerTexts();
      assert.ok(headings.some((h) => /^Til beslutning \d+\. \p{L}+ \d{4}$/u.test(h)), `meeting headings: ${headings}`);
      const card = page.locator('article.briefing-hearing').filter({ hasText: 'Erhvervspolitik' }).first();
      assert.ok((await card.locator('.briefing-responses').innerText()).startsWith('54'));
      await checkA11y(page, 'the briefing');

      await card.locator('a[href$="/summary"]').focus();
      await enter(page);
      assert.match(currentPath(page), /\/summary$/);
      assert.equal((await page.locator('.summary-total').innerText()).trim(), '54');
      const charts = page.locator('svg.chart');
      assert.ok((await charts.count()) >= 7, 'a chart per figure');
      assert.equal(await page.locator('svg.chart:not([aria-hidden="true"])').count(), 0, 'charts are hidden from screen readers');
      assert.equal(await page.locator('figure').count(), await page.locator('figure table').count(), 'every figure has its table');
      await checkA11y(page, 'the summary');

      // The number of responses that oppose, and the list behind it.
      const opposes = page.locator('#by-stance a[href*="stance=opposes"]');
      const shown = Number((await opposes.innerText()).replace(/\D/g, ''));
      await opposes.focus();
      await enter(page);
      assert.match(currentPath(page), /\/analysis$/);
      assert.equal(await page.locator('tr.analysis-row').count(), shown);
      assert.equal(await page.locator('#filter-stance').inputValue(), 'opposes');
      await checkA11y(page, 'the responses behind a figure');
      await signOut(page);
    }));

  test('without JavaScript the summary has its charts and tables, and a scale value drills down', () =>
    withPage(
      browser,
      'summary-nojs',
      async (page) => {
        await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);
        await visit(page, '/briefing');
        const summary = await page.locator('article.briefing-hearing').filter({ hasText: 'Erhvervspolitik' }).first().locator('a[href$="/summary"]').getAttribute('href');
        await visit(page, summary);
        assert.ok((await page.locator('svg.chart rect.bar').count()) > 10);
        const one = page.locator('#scale-1 a[href*="value=1"]');
        const shown = Number((await one.innerText()).trim().match(/^\d+/)[0]);
        await visit(page, await one.getAttribute('href'));
        assert.equal(await page.locator('tr.analysis-row').count(), shown);
        assert.ok(await page.locator('#answer-filter').isVisible());
        await checkA11y(page, 'the responses with a scale value, without JavaScript');
        await signOut(page);
      },
      { javaScriptEnabled: false },
    ));
});
