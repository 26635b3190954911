// The outcome of a hearing in the browser: staff take the closed policy
// hearing into review and record the decision with the keyboard (an error
// first, which keeps what was typed); a visitor without JavaScript reads
// "we asked, you said, we did"; the outcome page of a response. Every page
// is checked with axe-core. (Runs after the other tests of the policy
// hearing, which need it closed.)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ACCOUNTS, RUN_ID, SKIP_REASON, checkA11y, clickAndWait, copenhagenDate, signIn, signOut, visit, withPage, launch } from './helpers.mjs';

const DECISION = `Erhvervspolitikken vedtages med de ændringer, høringsnotatet nævner (${RUN_ID}).`;

describe('the outcome of a hearing', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { hearingPath: null, responsePath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff take the hearing into review and record the decision with the keyboard', () =>
    withPage(browser, 'outcome-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      shared.hearingPath = new URL(page.url()).pathname;
      await checkA11y(page, 'a closed hearing, as staff');
      const review = page.locator('form[action$="/review"] button');
      if ((await review.count()) > 0) {
        await review.focus();
        await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        assert.equal(await page.locator('.hearing-state').getAttribute('data-state'), 'in_review');
      }
      await page.locator('details.decision-form summary').focus();
      await page.keyboard.press('Enter');
      await page.fill('#decision-decided_on', copenhagenDate(0));
      await page.locator('#decision-text').focus();
      await page.keyboard.type(DECISION);
      await page.locator('#decision-text').press('Tab');
      await page.keyboard.type('javascript:alert(1)');
      await page.locator('form[action$="/decision"] button[type=submit]').focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.ok(await page.locator('#decision-body-error').isVisible(), 'who decided is required');
      assert.ok(await page.locator('#decision-minutes_url-error').isVisible(), 'not a link');
      assert.equal(await page.locator('#decision-text').inputValue(), DECISION, 'what was typed is kept');
      await checkA11y(page, 'the decision form with errors');
      await page.fill('#decision-body', 'Kommunalbestyrelsen');
      await page.fill('#decision-minutes_url', 'https://www.glostrup.dk/referater');
      await clickAndWait(page, page.locator('form[action$="/decision"] button[type=submit]'));
      assert.ok((await page.locator('#outcome').innerText()).includes(DECISION));
      assert.ok(await page.locator('.outcome-notified').isVisible());
      assert.equal(await page.locator('form[action$="/decision"]').count(), 0, 'decided once');
      await checkA11y(page, 'a decided hearing, as staff');

      await visit(page, `${shared.hearingPath}/analysis`);
      const href = await page.locator('tr.analysis-row a').first().getAttribute('href');
      shared.responsePath = `${href.split('#')[0]}/outcome`;
      await visit(page, shared.responsePath);
      assert.ok((await page.locator('.outcome-decision').innerText()).includes(DECISION));
      await checkA11y(page, 'the outcome of a response');
      await signOut(page);
    }));

  test('a visitor without JavaScript reads what was decided', () =>
    withPage(
      browser,
      'outcome-visitor',
      async (page) => {
        assert.ok(shared.hearingPath, 'needs the decision above');
        await visit(page, shared.hearingPath);
        const text = await page.locator('#outcome').innerText();
        assert.ok(text.includes(DECISION));
        assert.ok(text.includes('Kommunalbestyrelsen'));
        assert.equal(await page.locator('.outcome-notified').count(), 0, 'for staff only');
        assert.equal(await page.locator('a.minutes-link').getAttribute('href'), 'https://www.glostrup.dk/referater');
        await checkA11y(page, 'a decided hearing, as a visitor');
      },
      { javaScriptEnabled: false },
    ));
});
