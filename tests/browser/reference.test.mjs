// Reference data kept by an administrator in the browser, with the keyboard
// alone: from the header to the overview and the topics, a new topic (first
// with a code that is refused next to its field, nothing typed lost), a new
// name for it, and retiring it, after which staff are no longer offered it
// on the new-hearing form. Staff are refused the pages. Every page visited is
// checked with axe-core for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  RUN_ID,
  SKIP_REASON,
  assertErrorShown,
  assertFieldError,
  assertValue,
  checkA11y,
  currentPath,
  launch,
  signIn,
  signOut,
  visit,
  waitForNavigation,
  withPage,
} from './helpers.mjs';

const CODE = `groen-${RUN_ID}`;
const NAME_DA = `Grøn omstilling ${RUN_ID}`;
const NAME_EN = `Green transition ${RUN_ID}`;
const RENAMED_DA = `Klima og grøn omstilling ${RUN_ID}`;

/** Focus `selector` and press Enter, waiting for the page that follows. */
async function enter(page, selector) {
  await page.locator(selector).first().focus();
  return waitForNavigation(page, () => page.keyboard.press('Enter'));
}

/** Press Tab once and assert that focus is on `selector`. */
async function tabTo(page, selector) {
  await page.keyboard.press('Tab');
  const ok = await page.evaluate((s) => Boolean(document.activeElement?.matches(s)), selector);
  assert.ok(ok, `Tab should move focus to ${selector}`);
}

/** Select what a focused field holds and type over it. */
async function typeOver(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

describe('reference data kept by an administrator', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('an administrator adds a topic, renames it and retires it with the keyboard', () =>
    withPage(browser, 'reference-keyboard', async (page) => {
      await signIn(page, ACCOUNTS.admin.email, ACCOUNTS.admin.password);

      await enter(page, 'nav a[href="/admin/reference"]');
      assert.equal(currentPath(page), '/admin/reference');
      assert.equal(await page.locator('.reference-kind').count(), 4, 'the four kinds');
      await checkA11y(page, 'reference data overview');

      await enter(page, '.reference-kind[data-kind=topics] a');
      assert.equal(currentPath(page), '/admin/reference/topics');
      assert.ok((await page.locator('tr.reference-row[data-key=handel]').count()) === 1, 'the seeded topics are listed');
      await checkA11y(page, 'topics');

      // A code with capitals and a Danish letter is refused next to its field; nothing typed is lost.
      await page.locator('input[name=code]').focus();
      await page.keyboard.type('Grøn');
      await tabTo(page, 'input[name=name_da]');
      await page.keyboard.type(NAME_DA);
      await tabTo(page, 'input[name=name_en]');
      await page.keyboard.type(NAME_EN);
      const refused = await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.equal(refused.status(), 422);
      await assertErrorShown(page, /små bogstaver/);
      await assertFieldError(page, 'code');
      await assertValue(page, 'code', 'Grøn');
      await assertValue(page, 'name_da', NAME_DA);
      await assertValue(page, 'name_en', NAME_EN);
      await checkA11y(page, 'a new topic with a bad code');

      await page.locator('input[name=code]').focus();
      await typeOver(page, CODE);
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.equal(currentPath(page), '/admin/reference/topics');
      assert.match(await page.locator('#notice').innerText(), new RegExp(`Tilføjet: ${NAME_DA}`));
      const row = `tr.reference-row[data-key="${CODE}"]`;
      assert.equal(await page.locator(`${row} th`).innerText(), NAME_DA);
      assert.equal(await page.locator(`${row} .uses-hearings`).innerText(), '0');
      await checkA11y(page, 'topics with the new one');

      await enter(page, `${row} a[href$="/edit"]`);
      assert.equal(currentPath(page), `/admin/reference/topics/${CODE}/edit`);
      assert.equal(await page.locator('#entry-key').innerText(), CODE, 'the code is shown, not editable');
      await checkA11y(page, 'rename a topic');
      await page.locator('input[name=name_da]').focus();
      await typeOver(page, RENAMED_DA);
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.equal(currentPath(page), '/admin/reference/topics');
      assert.match(await page.locator('#notice').innerText(), /Omdøbt/);
      assert.equal(await page.locator(`${row} th`).innerText(), RENAMED_DA);
      await checkA11y(page, 'topics after the rename');

      await enter(page, `${row} form[action$="/retire"] button`);
      assert.equal(currentPath(page), '/admin/reference/topics');
      assert.match(await page.locator('#notice').innerText(), /Taget ud af brug/);
      assert.equal(await page.locator(row).getAttribute('data-retired'), 'true');
      assert.equal(await page.locator(`${row} form[action$="/restore"]`).count(), 1, 'it can be brought back');
      await checkA11y(page, 'topics with a retired one');

      await visit(page, '/admin/audit');
      assert.ok((await page.locator('.audit-row[data-action="reference.retire"]').count()) >= 1);
      await checkA11y(page, 'audit log with reference changes');
      await signOut(page);
    }));

  test('staff are not offered the retired topic and are refused the reference pages', () =>
    withPage(browser, 'reference-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      assert.equal(await page.locator('nav a[href="/admin/reference"]').count(), 0, 'no link in the header');
      await visit(page, '/staff/hearings/new');
      assert.equal(await page.locator(`#topics-${CODE}`).count(), 0, 'a retired topic is not offered');
      assert.equal(await page.locator('#topics-handel').count(), 1);
      const response = await page.goto('/admin/reference/topics');
      assert.equal(response.status(), 403);
      await checkA11y(page, 'reference data refused');
    }));
});
