// Campaigns and key terms in the browser: staff open the campaigns of the
// closed policy hearing from its analysis, find them again, confirm one and
// take a sender out of another with the keyboard alone; a split with
// nothing chosen says why; a key term leads to the responses that use it; a
// politician reads the campaigns without JavaScript and finds no form. Every
// page is checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, RUN_ID, SKIP_REASON, checkA11y, clickAndWait, signIn, signOut, visit, waitForNavigation, withPage, launch } from './helpers.mjs';

describe('campaigns and key terms', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { campaignsPath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff find, confirm and split campaigns with the keyboard, and follow a key term', () =>
    withPage(browser, 'campaigns-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      await clickAndWait(page, page.locator('a[href$="/analysis"]').first());
      const analysisPath = new URL(page.url()).pathname;
      await clickAndWait(page, page.locator('#campaigns-link'));
      shared.campaignsPath = new URL(page.url()).pathname;
      assert.equal(shared.campaignsPath, analysisPath.replace(/analysis$/, 'campaigns'));
      await checkA11y(page, 'campaigns page');
      assert.equal(await page.locator('section.campaign').count(), 2, 'the demo has two form letters');

      // Find them again, by keyboard.
      await page.locator('#detect-form button').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.match(await page.locator('#campaigns-notice').innerText(), /2 forslag/);

      // Confirm the largest, by keyboard.
      const first = page.locator('section.campaign').first();
      assert.match(await first.locator('h2').innerText(), /6 høringssvar/);
      await first.locator('.confirm-form button').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.match(await page.locator('section.campaign').first().locator('.campaign-status').innerText(), /Bekræftet/);
      await checkA11y(page, 'campaigns page with a confirmed campaign');

      // Split with nothing chosen: the error is announced and linked.
      const second = page.locator('section.campaign').nth(1);
      await second.locator('.split-form button').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.ok(await page.locator('#error-summary').isVisible(), 'an error summary');
      await checkA11y(page, 'campaigns page with a split error');

      // Take one sender out: Space checks the box, Enter on the button sends.
      const again = page.locator('section.campaign').nth(1);
      await again.locator('input[name=response]').first().focus();
      await page.keyboard.press('Space');
      assert.ok(await again.locator('input[name=response]').first().isChecked());
      await again.locator('.split-form button').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.match(await page.locator('section.campaign').nth(1).locator('h2').innerText(), /4 høringssvar/);

      // The campaign filter of the analysis shows its four.
      await clickAndWait(page, page.locator('section.campaign').nth(1).locator('a', { hasText: 'Vis høringssvarene i analysen' }));
      assert.equal(await page.locator('tr.analysis-row').count(), 4);
      await checkA11y(page, 'analysis filtered to a campaign');

      // A key term leads to the responses that use it.
      await visit(page, analysisPath);
      await clickAndWait(page, page.locator('#terms .key-terms a').first());
      assert.ok((await page.locator('tr.term-row').count()) >= 1, 'responses that use the term');
      await checkA11y(page, 'responses using a key term');

      // A theme's page has its key terms section too.
      await visit(page, analysisPath);
      await page.fill('#theme-name', `Kollektiv trafik (${RUN_ID})`);
      await clickAndWait(page, page.locator('button', { hasText: 'Opret temaet' }));
      await clickAndWait(page, page.locator('#themes a[href^="/themes/"]', { hasText: `Kollektiv trafik (${RUN_ID})` }));
      assert.ok(await page.locator('#terms').isVisible(), 'key terms on the theme page');
      await checkA11y(page, 'theme page with key terms');
      await signOut(page);
    }));

  test('a politician reads the campaigns without JavaScript and finds no form', () =>
    withPage(
      browser,
      'campaigns-politician',
      async (page) => {
        assert.ok(shared.campaignsPath, 'needs the campaigns above');
        await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);
        await visit(page, shared.campaignsPath);
        assert.equal(await page.locator('main form').count(), 0, 'politicians change nothing');
        assert.ok((await page.locator('section.campaign .senders a').count()) >= 4, 'senders link to their responses');
        await checkA11y(page, 'campaigns page, as a politician');
        await signOut(page);
      },
      { javaScriptEnabled: false },
    ));
});
