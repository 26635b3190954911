// The downloads of all responses: on the summary and the analysis pages,
// the three links (XLSX, CSV, the archive bundle) are reached with the Tab
// key and fetch a file as an attachment; the pages stay axe-clean.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, SKIP_REASON, checkA11y, clickAndWait, launch, signIn, signOut, visit, withPage } from './helpers.mjs';

const LINKS = ['responses.xlsx', 'responses.csv', 'archive.zip'];

/** Tab through the page from the top; the export links the focus reaches, in order. */
async function tabToExports(page) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : null));
  const reached = [];
  for (let i = 0; i < 150 && reached.length < LINKS.length; i++) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    const hit = LINKS.find((l) => href.endsWith(`/export/${l}`));
    if (hit && !reached.includes(hit)) reached.push(hit);
  }
  return reached;
}

describe('the downloads of all responses', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('a politician reaches the download links by keyboard on the summary and analysis pages', () =>
    withPage(browser, 'exports-politician', async (page) => {
      await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      const hearing = new URL(page.url()).pathname;
      for (const sub of ['summary', 'analysis']) {
        await visit(page, `${hearing}/${sub}`);
        assert.ok(await page.locator('#downloads-h').isVisible(), `${sub} has the Download section`);
        await checkA11y(page, `${sub} with the downloads`);
        assert.deepEqual(await tabToExports(page), LINKS, `${sub}: every download link takes the focus`);
      }
      // The focused CSV link fetches an attachment with the session's cookie.
      const href = await page.locator('a[href$="/export/responses.csv"]').getAttribute('href');
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment;/);
      assert.match(res.headers()['content-type'] ?? '', /^text\/csv/);
      assert.ok((await res.text()).includes('Reference'));
      await signOut(page);
    }));
});
