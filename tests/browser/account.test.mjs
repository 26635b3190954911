// Account security in the browser: a new respondent confirms the e-mail
// address with the link e-mailed at registration (and asks for it again),
// resets a forgotten password by e-mail using the keyboard alone, and signs
// out everywhere from "Min konto". The links are read from the `.eml` files
// the server writes (HEARINGS_OUTBOX_DIR). Every page visited is checked
// with axe-core for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  RUN_ID,
  SKIP_REASON,
  assertErrorShown,
  assertFieldError,
  assertSignedIn,
  checkA11y,
  clickAndWait,
  currentPath,
  emailedLink,
  launch,
  randomCvr,
  signIn,
  signOut,
  submitButtonOf,
  visit,
  waitForNavigation,
  withPage,
} from './helpers.mjs';

const PERSON = {
  name: 'Karl Kontotest',
  email: `kontotest-${RUN_ID}@virksomhed.example`,
  password: `Konto-Test-${RUN_ID}-1`,
  org_name: `Kontotest Tømrer ${RUN_ID} ApS`,
};
const NEW_PASSWORD = `Nyt-Kodeord-${RUN_ID}-2`;

/** Goes to a path that answers 400 (a refused link) and returns the page's text. */
async function visitRefused(page, pathname) {
  const response = await page.goto(pathname);
  assert.equal(response.status(), 400, `GET ${pathname} answered ${response.status()}`);
  return page.locator('main').innerText();
}

describe('account security', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('a new respondent asks for the link again from "Min konto" and confirms the address', () =>
    withPage(browser, 'account-verify', async (page) => {
      await visit(page, '/register');
      for (const [name, value] of Object.entries(PERSON)) await page.fill(`input[name=${name}]`, value);
      await page.fill('input[name=org_cvr]', randomCvr());
      await page.selectOption('select[name=org_size]', 'micro');
      await page.selectOption('select[name=org_area]', 'ejby');
      await page.selectOption('select[name=org_type]', 'company');
      await clickAndWait(page, submitButtonOf(page, 'input[name=org_cvr]'));
      await assertSignedIn(page, true);

      await clickAndWait(page, page.locator('a[href="/account"]').first());
      assert.equal(currentPath(page), '/account');
      assert.equal((await page.locator('#account-email').innerText()).trim(), PERSON.email);
      assert.ok(await page.locator('#unverified').isVisible(), 'the page says the address is not confirmed');
      await checkA11y(page, 'my account, address not confirmed');

      const first = await emailedLink(PERSON.email, 'verify');
      await clickAndWait(page, page.locator('form[action="/verify/resend"] button[type=submit]'));
      assert.ok(await page.locator('#notice').isVisible());
      await checkA11y(page, 'a new verification link was sent');
      const second = await emailedLink(PERSON.email, 'verify', [first]);
      assert.notEqual(second, first, 'a new link was sent');

      await visit(page, second);
      assert.ok(await page.locator('#notice').isVisible());
      await checkA11y(page, 'e-mail address confirmed');
      const text = await visitRefused(page, second);
      assert.match(text, /allerede brugt/, 'a used link says so');
      await checkA11y(page, 'a used link');

      await visit(page, '/account');
      assert.equal(await page.locator('#unverified').count(), 0);
      assert.equal((await page.locator('#account-verified').innerText()).trim(), 'Ja');
      await signOut(page);
    }));

  test('a forgotten password is reset by e-mail with the keyboard alone', () =>
    withPage(browser, 'account-reset', async (page) => {
      await visit(page, '/signin');
      await page.locator('a[href="/password-reset"]').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.equal(currentPath(page), '/password-reset');
      await checkA11y(page, 'ask for a reset link');
      await page.locator('input[name=email]').focus();
      await page.keyboard.type(PERSON.email);
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      const neutral = await page.locator('#notice').innerText();
      assert.match(neutral, /Hvis der findes en konto/);
      await checkA11y(page, 'the neutral answer');

      await visit(page, await emailedLink(PERSON.email, 'reset'));
      await checkA11y(page, 'choose a new password');
      await page.locator('input[name=password]').focus();
      await page.keyboard.type('kort');
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      await assertErrorShown(page);
      await assertFieldError(page, 'password');
      await checkA11y(page, 'a too short new password');
      await page.locator('input[name=password]').focus();
      await page.keyboard.type(NEW_PASSWORD);
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      assert.equal(currentPath(page), '/account');
      assert.ok(await page.locator('#notice').isVisible(), 'the account page says the password changed');
      await assertSignedIn(page, true);
      await checkA11y(page, 'my account after a password reset');
      await signOut(page);
      await signIn(page, PERSON.email, NEW_PASSWORD);
      await signOut(page);
    }));

  test('signing out everywhere ends the sessions in other browsers too', () =>
    withPage(browser, 'account-everywhere', async (page) => {
      await withPage(browser, 'account-everywhere-other', async (other) => {
        await signIn(other, PERSON.email, NEW_PASSWORD);
        await signIn(page, PERSON.email, NEW_PASSWORD);
        await visit(page, '/account');
        await clickAndWait(page, page.locator('form[action="/account/sign-out-everywhere"] button[type=submit]'));
        assert.ok(await page.locator('#notice').isVisible());
        await assertSignedIn(page, false);
        await checkA11y(page, 'signed out everywhere');
        await visit(other, '/');
        await assertSignedIn(other, false);
      });
    }));
});
