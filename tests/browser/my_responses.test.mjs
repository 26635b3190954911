// "My organisation's responses" in the browser: the demo business finds its
// organisation's responses from the header, opens the receipt of its response
// to the closed policy hearing and reads every version. Every page visited is
// checked with axe-core for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  SKIP_REASON,
  checkA11y,
  clickAndWait,
  currentPath,
  signIn,
  signOut,
  visit,
  withPage,
  launch,
} from './helpers.mjs';

describe("my organisation's responses", { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('a business finds its responses from the header and reads the versions on the receipt', () =>
    withPage(browser, 'my-responses', async (page) => {
      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      await clickAndWait(page, page.locator('nav a[href="/responses"]'));
      assert.equal(currentPath(page), '/responses');
      await checkA11y(page, "my organisation's responses");
      const table = page.locator('table.my-responses');
      assert.ok(await table.isVisible(), 'the responses are listed in a table');
      const closedRow = table.locator('tbody tr').filter({ hasText: /Lukket/ }).first();
      assert.ok((await closedRow.count()) > 0, 'the response to the closed policy hearing is listed');
      const reference = (await closedRow.locator('.my-reference').innerText()).trim();
      assert.match(reference, /^GLO-/);

      // The receipt, reached by the keyboard alone.
      await closedRow.locator('a[href^="/receipts/"]').focus();
      await Promise.all([page.waitForLoadState('load'), page.waitForURL(/\/receipts\//), page.keyboard.press('Enter')]);
      assert.equal((await page.locator('.receipt-reference').innerText()).trim(), reference);
      const versions = page.locator('table.versions tbody tr');
      assert.ok((await versions.count()) >= 1, 'every version is listed');
      assert.match(await versions.first().locator('code').innerText(), /^[0-9a-f]{64}$/);
      await checkA11y(page, 'receipt with its versions');
      await signOut(page);
    }));

  test('the list works without JavaScript and in English', () =>
    withPage(
      browser,
      'my-responses-no-js',
      async (page) => {
        await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
        await visit(page, '/lang/en');
        await visit(page, '/responses');
        assert.equal(await page.locator('h1').innerText(), "My organisation's responses");
        assert.ok((await page.locator('table.my-responses tbody tr').count()) >= 1);
        await checkA11y(page, "my organisation's responses in English");
      },
      { javaScriptEnabled: false },
    ));

  test('a visitor reads the published responses of the closed policy hearing, and none of the open one', () =>
    withPage(
      browser,
      'published-responses',
      async (page) => {
        await visit(page, '/');
        await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /Erhvervspolitik/ }).first());
        const section = page.locator('section#published');
        assert.ok(await section.isVisible(), 'the closed hearing shows its published responses');
        const count = await section.locator('article.published-response').count();
        assert.ok(count >= 40, `the demo's responses are published, found ${count}`);
        assert.match(await section.locator('h2').innerText(), new RegExp(`\\(${count}\\)`));
        await checkA11y(page, 'hearing page with published responses');

        await visit(page, '/');
        await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /^\s*Lokalplanforslag/ }).first());
        assert.equal(await page.locator('section#published').count(), 0, 'nothing is published while open');
        assert.ok(await page.locator('.published-later').isVisible());
      },
      { javaScriptEnabled: false },
    ));
});
