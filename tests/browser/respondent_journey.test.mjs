// A business owner and a colleague answer a hearing together, as new users
// would: the owner writes with the keyboard alone, comments on a section of
// the plan, marks a confidential passage, attaches a PDF and saves; the
// draft saves itself while typing; the colleague, without JavaScript,
// saves on an older version and is shown both texts side by side, chooses,
// and submits once for one receipt. Every page is checked with axe-core.

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
  visit,
  waitForNavigation,
  withPage,
  launch,
} from './helpers.mjs';

const COLLEAGUE = { email: process.env.HEARINGS_COLLEAGUE_EMAIL || 'kollega@bageri.example', password: ACCOUNTS.respondent.password };
const OWNER_TEXT = `Vi omsætter for 3,1 mio. kr. i butikken i Bymidten (${RUN_ID}).`;
const COLLEAGUE_TEXT = `Parkeringen foran butikken er afgørende for os (${RUN_ID}).`;

function pdf(text) {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << >>\n%%EOF\n`);
}

/** Type into a field as the keyboard does: focus it, select what is there, type. */
async function typeInto(page, selector, text) {
  const field = page.locator(selector).first();
  await field.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

/** Press a button with the keyboard (focus and Enter) and wait for the new page. */
async function press(page, selector) {
  await page.locator(selector).first().focus();
  return waitForNavigation(page, () => page.keyboard.press('Enter'));
}

describe('a response written together', { skip: SKIP_REASON, timeout: 8 * 60_000 }, () => {
  let browser;
  const shared = { respondPath: null, textField: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('the owner writes with the keyboard alone: a comment on a section, a confidential passage, a PDF', () =>
    withPage(browser, 'respondent-owner', async (page) => {
      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /^\s*Lokalplanforslag/ }).first());
      await clickAndWait(page, page.locator('a[href$="/respond"]').first());
      shared.respondPath = currentPath(page);
      await checkA11y(page, 'response form');

      await page.locator('input[name=stance][value=supports_with_changes]').focus();
      await page.keyboard.press('Space');
      // The first long-text answer carries the owner's text.
      const textarea = page.locator('textarea[name^="answer_"]').first();
      shared.textField = await textarea.getAttribute('name');
      await typeInto(page, `textarea[name="${shared.textField}"]`, OWNER_TEXT);
      for (const name of await page.locator('[name^="answer_"]').evaluateAll((els) => [...new Set(els.map((e) => e.name))])) {
        if (name === shared.textField) continue;
        const first = page.locator(`[name="${name}"]`).first();
        const type = await first.getAttribute('type');
        if (type === 'radio' || type === 'checkbox') {
          await first.focus();
          await page.keyboard.press('Space');
        } else if ((await first.evaluate((e) => e.tagName)) === 'TEXTAREA' || type === 'text') {
          await typeInto(page, `[name="${name}"]`, (await first.getAttribute('inputmode')) === 'decimal' ? '12' : 'Ja');
        }
      }

      // Open § 1 with the keyboard and comment on it; its text is beside the field.
      const details = page.locator('details.section-comment').first();
      await details.locator('summary').focus();
      await page.keyboard.press('Enter');
      assert.ok(await details.evaluate((d) => d.open), 'the section opens with the keyboard');
      assert.ok((await details.locator('.section-text').innerText()).length > 10, "the section's text is shown");
      await typeInto(page, 'details.section-comment textarea', 'Afsnittet bør også nævne cykelparkering.');

      // A confidential passage, copied word for word.
      await page.selectOption('select[name=conf_location_0]', `answer:${shared.textField.slice('answer_'.length)}`);
      await typeInto(page, 'textarea[name=conf_text_0]', '3,1 mio. kr.');
      await typeInto(page, 'input[name=conf_reason_0]', 'Omsætningen er en forretningshemmelighed.');
      await page.setInputFiles('input[name=attachment_file]', { name: 'skitse.pdf', mimeType: 'application/pdf', buffer: pdf('skitse') });

      await press(page, 'button[name=action][value=save]');
      assert.ok(await page.locator('#saved-notice').isVisible(), 'the save is confirmed');
      assert.equal(await page.locator(`textarea[name="${shared.textField}"]`).inputValue(), OWNER_TEXT);
      assert.equal(await page.locator('textarea[name=conf_text_0]').inputValue(), '3,1 mio. kr.');
      assert.equal(await page.locator('a[download]', { hasText: 'skitse.pdf' }).count(), 1, 'the PDF is attached');
      await checkA11y(page, 'response form, draft saved');

      // While typing, the draft saves itself.
      await typeInto(page, 'details.section-comment textarea', 'Afsnittet bør også nævne cykelparkering ved stationen.');
      await page.locator('#draft-status', { hasText: 'gemt automatisk' }).waitFor({ timeout: 15_000 });
      await signOut(page);
    }));

  test('the colleague, without JavaScript, saves on an older version, sees both texts and chooses', () =>
    withPage(
      browser,
      'respondent-colleague',
      async (page) => {
        assert.ok(shared.respondPath, 'needs the draft above');
        await signIn(page, COLLEAGUE.email, COLLEAGUE.password);
        await visit(page, shared.respondPath);
        assert.equal(await page.locator(`textarea[name="${shared.textField}"]`).inputValue(), OWNER_TEXT, 'one draft for the organisation');
        // Meanwhile the owner saves again in another window.
        await withPage(browser, 'respondent-owner-again', async (owner) => {
          await signIn(owner, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
          await visit(owner, shared.respondPath);
          await owner.fill('input[name=conf_reason_0]', 'Omsætningen er en forretningshemmelighed over for konkurrenter.');
          await clickAndWait(owner, owner.locator('button[name=action][value=save]'));
          await signOut(owner);
        });
        await page.fill(`textarea[name="${shared.textField}"]`, COLLEAGUE_TEXT);
        await clickAndWait(page, page.locator('button[name=action][value=save]'));
        const main = await page.locator('main').innerText();
        assert.ok(main.includes(COLLEAGUE_TEXT) && main.includes(OWNER_TEXT), 'both texts side by side');
        await checkA11y(page, 'two versions side by side, without JavaScript');
        // Keep the owner's answer and the owner's newer reason.
        await page.check(`input[name="choose_${shared.textField}"][value=theirs]`);
        await page.check('input[name=choose_confidential][value=theirs]');
        await clickAndWait(page, page.locator('button[name=action][value=resolve]'));
        assert.equal(currentPath(page), shared.respondPath);
        assert.equal(await page.locator(`textarea[name="${shared.textField}"]`).inputValue(), OWNER_TEXT);
        assert.match(await page.locator('input[name=conf_reason_0]').inputValue(), /konkurrenter/);

        // Submit once: one receipt.
        await clickAndWait(page, page.locator('button[name=action][value=submit]'));
        assert.match(currentPath(page), /^\/receipts\//, `a receipt, on ${page.url()}`);
        await checkA11y(page, 'receipt, without JavaScript');
        await clickAndWait(page, page.locator('a', { hasText: 'Se svaret' }));
        const response = await page.locator('main').innerText();
        assert.ok(response.includes('Afventer afgørelse'), 'the passage waits for the decision');
        assert.ok(response.includes('skitse.pdf'));
        await checkA11y(page, 'the whole response, without JavaScript');
        await visit(page, '/responses');
        await checkA11y(page, "the organisation's responses");
        await signOut(page);
      },
      { javaScriptEnabled: false },
    ));

  test('staff decide on the passage; the owner reads the decision', () =>
    withPage(browser, 'respondent-decision', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      const hearing = shared.respondPath.replace(/\/respond$/, '');
      await visit(page, `${hearing}/summary`);
      await clickAndWait(page, page.locator('table a[href^="/responses/"]').last());
      await checkA11y(page, 'a response, as staff');
      await page.check('input[name=decision][value=granted]');
      await page.fill('textarea[name=reason]', 'Omfattet af offentlighedsloven § 30 nr. 2.');
      await clickAndWait(page, page.locator('button', { hasText: 'Gem afgørelsen' }));
      const responsePath = currentPath(page);
      assert.ok((await page.locator('main').innerText()).includes('Imødekommet'));
      await signOut(page);

      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      await visit(page, responsePath);
      assert.ok((await page.locator('main').innerText()).includes('Omfattet af offentlighedsloven § 30 nr. 2.'));
      await checkA11y(page, 'the decision, as the respondent');
      await signOut(page);
    }));
});
