// The hearing memo in the browser: staff open it from the closed policy
// hearing, compose it from the analysis with the keyboard, edit and save the
// text, and make it final; a visitor without JavaScript reads the final
// memo and downloads it. Every page is checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, RUN_ID, SKIP_REASON, checkA11y, clickAndWait, signIn, signOut, visit, withPage, launch } from './helpers.mjs';

const ADDED = `Sekretariatets tilføjelse (${RUN_ID}).`;

describe('the hearing memo', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { memoPath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff compose, edit and finalise the memo with the keyboard', () =>
    withPage(browser, 'memo-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      await clickAndWait(page, page.locator('a.memo-link').first());
      shared.memoPath = new URL(page.url()).pathname;
      await checkA11y(page, 'the memo page before a memo');
      await page.locator('#memo-compose').focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok((await page.locator('#memo-text').innerText()).includes('Hørte parter'), 'composed from the template');
      assert.ok(await page.locator('.memo-saved').isVisible());
      await checkA11y(page, 'a composed draft memo');
      await page.locator('#memo-markdown').focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(`\n\n${ADDED}\n`);
      await page.locator('#memo-save').focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok((await page.locator('#memo-text').innerText()).includes(ADDED));
      await clickAndWait(page, page.locator('#memo-finalise'));
      assert.equal(await page.locator('#memo-finalise').count(), 0, 'a final version is frozen');
      assert.ok((await page.locator('.memo-version.current').innerText()).includes('Endelig'));
      await checkA11y(page, 'a final memo, as staff');
      await signOut(page);
    }));

  test('a visitor without JavaScript reads and downloads the final memo', () =>
    withPage(
      browser,
      'memo-visitor',
      async (page) => {
        assert.ok(shared.memoPath, 'needs the memo above');
        await visit(page, shared.memoPath);
        assert.ok((await page.locator('#memo-text').innerText()).includes(ADDED));
        assert.equal(await page.locator('#memo-markdown').count(), 0, 'no editor for visitors');
        const hrefs = await page.locator('a.memo-download').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.equal(hrefs.length, 4);
        const docx = await page.request.get(hrefs.find((h) => h.includes('/docx')));
        assert.equal(docx.status(), 200);
        assert.match(docx.headers()['content-disposition'], /^attachment;/);
        await checkA11y(page, 'a final memo, as a visitor');
      },
      { javaScriptEnabled: false },
    ));
});
