// The hearing list (høringsliste) in the browser: staff search the
// organisation register, by keyboard and without JavaScript too. Every page
// state visited is checked with axe-core for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  RUN_ID,
  SKIP_REASON,
  checkA11y,
  clickAndWait,
  currentPath,
  signIn,
  signOut,
  submitButtonOf,
  visit,
  withPage,
  launch,
} from './helpers.mjs';

const EMAIL = `forening-${RUN_ID}@fiktiv.example`;

describe('the hearing list', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { hearingPath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff search the organisation register by name and by CVR number', () =>
    withPage(browser, 'register-search', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('header a[href="/staff/organisations"]'));
      assert.equal(currentPath(page), '/staff/organisations');
      await checkA11y(page, 'organisation register, first page');
      const total = Number(await page.locator('#org-total').innerText());
      assert.ok(total >= 48, `the demo organisations are in the register (${total})`);

      await page.fill('input[name=q]', 'bageri');
      await clickAndWait(page, submitButtonOf(page, 'input[name=q]'));
      assert.equal(currentPath(page), '/staff/organisations');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'bageri', 'the search is a link');
      const rows = page.locator('tr.org-row');
      assert.ok((await rows.count()) >= 1, 'the bakery is found');
      assert.ok((await page.locator('table.register').innerText()).includes('Hovedgadens Bageri ApS (fiktiv)'));
      await checkA11y(page, 'organisation register, search results');

      const cvr = (await rows.first().locator('td').first().innerText()).trim();
      await page.fill('input[name=q]', cvr.slice(0, 5));
      await page.locator('input[name=q]').press('Enter');
      await page.waitForLoadState('load');
      assert.ok((await page.locator('table.register').innerText()).includes(cvr), 'found by the start of its CVR number');

      await page.fill('input[name=q]', 'ingen-saadan-organisation');
      await clickAndWait(page, submitButtonOf(page, 'input[name=q]'));
      assert.equal(await page.locator('tr.org-row').count(), 0);
      await checkA11y(page, 'organisation register, nothing found');
      await signOut(page);
    }));

  test('staff count, then send invitations by rule and by hand, and set the reminder', () =>
    withPage(browser, 'hearing-list-invite', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /^\s*Lokalplanforslag/ }).first());
      shared.hearingPath = currentPath(page);
      await checkA11y(page, 'hearing page with the staff hearing list');
      await clickAndWait(page, page.locator(`#hearing-list a[href="${shared.hearingPath}/invite"]`));
      await checkA11y(page, 'invitation page');

      await page.check('input[name=areas][value=bymidten]');
      await page.check('input[name=sizes][value=micro]');
      await page.fill('textarea[name=emails]', EMAIL);
      await clickAndWait(page, page.locator('button[name=action][value=preview]'));
      const count = Number(await page.locator('#count-new').innerText());
      assert.ok(count >= 1, `the count is shown before sending (${count})`);
      assert.ok(await page.locator('input[name=areas][value=bymidten]').isChecked(), 'the choices are kept');
      await checkA11y(page, 'invitation page with the count');

      await clickAndWait(page, page.locator('button[name=action][value=send]'));
      assert.equal(Number(await page.locator('#sent-notice strong').innerText()), count, 'what was counted is sent');
      assert.ok((await page.locator('#hearing-list').innerText()).includes(EMAIL), 'staff see the address invited');
      await checkA11y(page, 'invitation page after sending');

      await page.fill('input[name=reminder_days_before]', '99');
      await clickAndWait(page, submitButtonOf(page, 'input[name=reminder_days_before]'));
      assert.ok(await page.locator('#reminder_days_before-error').isVisible());
      await checkA11y(page, 'invitation page with a reminder error');
      await page.fill('input[name=reminder_days_before]', '3');
      await clickAndWait(page, submitButtonOf(page, 'input[name=reminder_days_before]'));
      assert.equal(await page.locator('input[name=reminder_days_before]').inputValue(), '3');
      await signOut(page);
    }));

  test('a visitor sees the invited parties by name only', () =>
    withPage(browser, 'hearing-list-public', async (page) => {
      assert.ok(shared.hearingPath, 'needs the invitations sent above');
      await visit(page, shared.hearingPath);
      const text = await page.locator('#hearing-list').innerText();
      assert.ok(text.includes('Anden part'), 'a bare address shows as another party');
      assert.ok(!text.includes('@'), 'no address is public');
      await checkA11y(page, 'hearing page with the public hearing list');
    }));

  test('the register works without JavaScript', () =>
    withPage(
      browser,
      'register-nojs',
      async (page) => {
        await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
        await visit(page, '/staff/organisations?q=fiktiv');
        assert.ok((await page.locator('tr.org-row').count()) > 0);
        await checkA11y(page, 'organisation register without JavaScript');
      },
      { javaScriptEnabled: false },
    ));
});
