// The secretariat's analysis workspace in the browser: staff open the
// analysis of the closed policy hearing, create a theme, summarise and
// assess a response, tag it, and filter by the theme; a politician reads
// the same without any form. Every page is checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, RUN_ID, SKIP_REASON, checkA11y, clickAndWait, signIn, signOut, visit, withPage, launch } from './helpers.mjs';

const THEME = `Byliv og parkering (${RUN_ID})`;

describe('the analysis workspace', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { analysisPath: null, responsePath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff create a theme, assess and tag a response, and filter by the theme', () =>
    withPage(browser, 'analysis-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      await clickAndWait(page, page.locator('a[href$="/analysis"]').first());
      shared.analysisPath = new URL(page.url()).pathname;
      await checkA11y(page, 'analysis workspace');
      await page.fill('#theme-name', THEME);
      await clickAndWait(page, page.locator('button', { hasText: 'Opret temaet' }));
      assert.ok((await page.locator('#themes').innerText()).includes(THEME));

      await clickAndWait(page, page.locator('tr.analysis-row a').first());
      shared.responsePath = new URL(page.url()).pathname;
      await checkA11y(page, 'a response with the analysis forms');
      await page.fill('#analysis-summary', 'Ønsker bedre parkering i Bymidten.');
      await page.check('#analysis-assessment-partly');
      await clickAndWait(page, page.locator('#analysis-form button[type=submit]'));
      assert.ok(await page.locator('#analysis-reason-error').isVisible(), 'a reason is required with an assessment');
      assert.equal(await page.locator('#analysis-summary').inputValue(), 'Ønsker bedre parkering i Bymidten.');
      await checkA11y(page, 'a response with an assessment error');
      await page.fill('#analysis-reason', 'Der etableres 20 nye pladser ved stationen.');
      await clickAndWait(page, page.locator('#analysis-form button[type=submit]'));
      await page.selectOption('#tag-theme', { label: THEME });
      await clickAndWait(page, page.locator('button', { hasText: 'Tilføj temaet' }));
      assert.ok((await page.locator('#analysis .tags').innerText()).includes(THEME));

      await visit(page, shared.analysisPath);
      await page.selectOption('#filter-theme', { label: THEME });
      await clickAndWait(page, page.locator('button', { hasText: 'Filtrér' }));
      assert.equal(await page.locator('tr.analysis-row').count(), 1, 'the filter shows the tagged response');
      await checkA11y(page, 'analysis workspace, filtered');
      await signOut(page);
    }));

  test('a politician reads the analysis without JavaScript and finds no form', () =>
    withPage(
      browser,
      'analysis-politician',
      async (page) => {
        assert.ok(shared.responsePath, 'needs the analysis above');
        await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);
        await visit(page, shared.responsePath);
        const text = await page.locator('#analysis').innerText();
        assert.ok(text.includes('Der etableres 20 nye pladser ved stationen.'));
        assert.equal(await page.locator('#analysis form').count(), 0, 'politicians change nothing');
        await checkA11y(page, 'a response with the analysis, as a politician');
        await visit(page, shared.analysisPath);
        await checkA11y(page, 'analysis workspace, as a politician');
        await signOut(page);
      },
      { javaScriptEnabled: false },
    ));
});
