// An organisation's members in the browser, with the keyboard alone: a
// business owner registers, opens "Vores organisation", invites a colleague
// by e-mail (a mistyped address first), the colleague registers through the
// e-mailed link without any organisation fields, and the owner sees them as
// a member and makes them administrator; then someone registers with the
// organisation's CVR number, is told the request waits, and the owner
// accepts it. The link is read from the `.eml` files the server writes
// (HEARINGS_OUTBOX_DIR). Every page visited is checked with axe-core for
// WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  RUN_ID,
  SKIP_REASON,
  assertErrorShown,
  assertFieldError,
  assertSignedIn,
  assertValue,
  checkA11y,
  currentPath,
  emailedLink,
  launch,
  randomCvr,
  signIn,
  visit,
  waitForNavigation,
  withPage,
} from './helpers.mjs';

const OWNER = {
  name: 'Olga Ejer',
  email: `ejer-${RUN_ID}@vvs.example`,
  password: `Ejer-Kodeord-${RUN_ID}-1`,
  org_name: `VVS Olga ${RUN_ID} ApS`,
};
const OWNER_CVR = randomCvr();
const ASKER = {
  name: 'Ane Ansøger',
  email: `ane-${RUN_ID}@vvs.example`,
  password: `Ane-Kodeord-${RUN_ID}-1`,
  org_name: 'VVS (anden stavemåde)',
};
const COLLEAGUE = {
  name: 'Kaj Kollega',
  email: `kaj-${RUN_ID}@vvs.example`,
  password: `Kaj-Kodeord-${RUN_ID}-1`,
};

/** Moves the focus to a field and types into it, as a keyboard user does. */
async function typeInto(page, selector, text) {
  await page.locator(selector).focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Moves the focus to a link or button and presses Enter; waits for the new page. */
async function activate(page, locator) {
  await locator.focus();
  return waitForNavigation(page, () => page.keyboard.press('Enter'));
}

/** The row of the members' table that shows `name`. */
function memberRow(page, name) {
  return page.locator('table.members tbody tr', { has: page.locator('td.member-name', { hasText: name }) });
}

describe('an organisation and its members', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('an owner invites a colleague who registers through the link and becomes a member, by keyboard', () =>
    withPage(browser, 'members-invite', async (owner) => {
      // The owner registers (the selects keep their first choices).
      await visit(owner, '/register');
      await checkA11y(owner, 'registration form');
      for (const [name, value] of Object.entries(OWNER)) await typeInto(owner, `input[name=${name}]`, value);
      await typeInto(owner, 'input[name=org_cvr]', OWNER_CVR);
      await waitForNavigation(owner, () => owner.keyboard.press('Enter'));
      await assertSignedIn(owner, true);

      // "Vores organisation": the profile form and the owner as its administrator.
      await activate(owner, owner.locator('a[href="/organisation"]').first());
      assert.equal(currentPath(owner), '/organisation');
      assert.ok(await owner.locator('form[action="/organisation"]').isVisible(), 'the administrator edits the profile');
      assert.match(await memberRow(owner, OWNER.name).innerText(), /Administrator/);
      await checkA11y(owner, 'our organisation, administrator');

      // A mistyped address is refused next to its field and kept.
      await typeInto(owner, '#invite_email', 'kaj-ved-vvs');
      const refused = await waitForNavigation(owner, () => owner.keyboard.press('Enter'));
      assert.equal(refused.status(), 422);
      await assertErrorShown(owner);
      await assertFieldError(owner, 'email');
      await assertValue(owner, 'email', 'kaj-ved-vvs');
      await checkA11y(owner, 'invitation with a bad address');

      await typeInto(owner, '#invite_email', COLLEAGUE.email);
      await waitForNavigation(owner, () => owner.keyboard.press('Enter'));
      assert.ok(await owner.locator('#notice').isVisible(), 'the page says the invitation is sent');
      assert.ok((await owner.locator('table.invitations').innerText()).includes(COLLEAGUE.email));
      await checkA11y(owner, 'invitation sent');

      // The colleague follows the e-mailed link: no organisation fields, a member at once.
      const link = await emailedLink(COLLEAGUE.email, 'invitation');
      await withPage(browser, 'members-colleague', async (colleague) => {
        await visit(colleague, link);
        assert.equal((await colleague.locator('#invitation-org').innerText()).trim(), OWNER.org_name);
        assert.equal(await colleague.locator('input[name=org_cvr], input[name=org_name]').count(), 0);
        assert.equal(await colleague.locator('#email').inputValue(), COLLEAGUE.email);
        await checkA11y(colleague, 'invitation link, registration form');
        await typeInto(colleague, 'input[name=name]', COLLEAGUE.name);
        await typeInto(colleague, 'input[name=password]', 'kort');
        const short = await waitForNavigation(colleague, () => colleague.keyboard.press('Enter'));
        assert.equal(short.status(), 422);
        await assertFieldError(colleague, 'password');
        await assertValue(colleague, 'name', COLLEAGUE.name);
        await checkA11y(colleague, 'invitation form with a too short password');
        await typeInto(colleague, 'input[name=password]', COLLEAGUE.password);
        await waitForNavigation(colleague, () => colleague.keyboard.press('Enter'));
        assert.equal(currentPath(colleague), '/organisation');
        await assertSignedIn(colleague, true);
        assert.match(await colleague.locator('#notice').innerText(), /medlem/);
        assert.equal(await colleague.locator('form[action="/organisation"]').count(), 0, 'a member does not edit');
        assert.equal((await colleague.locator('#org-name').innerText()).trim(), OWNER.org_name);
        await checkA11y(colleague, 'our organisation, member');
      });

      // The owner sees the colleague as a member, and makes them administrator.
      await visit(owner, '/organisation');
      const row = memberRow(owner, COLLEAGUE.name);
      assert.match(await row.innerText(), /Medlem/);
      assert.equal(await owner.locator('table.invitations').count(), 0, 'the invitation was used');
      await checkA11y(owner, 'our organisation with the new member');
      await activate(owner, row.locator('form[action$="/role"] button[type=submit]'));
      assert.ok(await owner.locator('#notice').isVisible());
      assert.match(await memberRow(owner, COLLEAGUE.name).innerText(), /Administrator/);
      await checkA11y(owner, 'the colleague made administrator');
    }));

  test('a second registration with the CVR number waits, and the administrator accepts it by keyboard', () =>
    withPage(browser, 'members-join', async (asker) => {
      await visit(asker, '/register');
      for (const [name, value] of Object.entries(ASKER)) await typeInto(asker, `input[name=${name}]`, value);
      await typeInto(asker, 'input[name=org_cvr]', OWNER_CVR);
      await waitForNavigation(asker, () => asker.keyboard.press('Enter'));
      assert.equal(currentPath(asker), '/organisation');
      assert.match(await asker.locator('#no-organisation').innerText(), new RegExp(OWNER.org_name));
      await checkA11y(asker, 'a request to join waiting');

      await withPage(browser, 'members-join-owner', async (owner) => {
        await signIn(owner, OWNER.email, OWNER.password);
        await visit(owner, '/organisation');
        const request = owner.locator('table.requests tbody tr', { hasText: ASKER.email });
        assert.equal(await request.count(), 1);
        await checkA11y(owner, 'a request to join, for the administrator');
        await activate(owner, request.locator('form[action$="/accept"] button[type=submit]'));
        assert.ok(await owner.locator('#notice').isVisible());
        assert.match(await memberRow(owner, ASKER.name).innerText(), /Medlem/);
        await checkA11y(owner, 'the request accepted');
      });

      await visit(asker, '/organisation');
      assert.equal(await asker.locator('#no-organisation').count(), 0, 'a member now');
      assert.equal((await asker.locator('#org-name').innerText()).trim(), OWNER.org_name);
      await checkA11y(asker, 'our organisation, after acceptance');
    }));
});
