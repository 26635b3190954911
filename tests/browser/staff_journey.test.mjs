// The secretariat's whole journey in the browser, as a new member of staff
// would take it: prepare a hearing with a help text and a file question,
// reorder the questions, preview the form as respondents see it and come
// back with nothing lost, save, attach a PDF, publish, invite a party by
// e-mail with the count shown first, set the reminder, answer a business's
// question, correct the hearing with a public note, and find it all on the
// dashboard. A business then answers the file question with a PDF. Every
// page visited is checked with axe-core for WCAG 2.1 A and AA.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  RUN_ID,
  SKIP_REASON,
  checkA11y,
  clickAndWait,
  copenhagenDate,
  currentPath,
  signIn,
  signOut,
  submitButtonOf,
  visit,
  withPage,
  launch,
} from './helpers.mjs';

const TITLE = `Lokalplan for Stationsparken (${RUN_ID})`;
const PARTY = `grundejer-${RUN_ID}@fiktiv.example`;
const QUESTION = `Må vi etablere udeservering mod stationspladsen? (${RUN_ID})`;

/** A small, well-formed PDF. */
function pdf(text) {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << >>\n%%EOF\n`);
}

/** The prompts of the question rows, in the order shown. */
async function prompts(page) {
  return page.locator('input[name^=q_prompt_]').evaluateAll((inputs) => inputs.map((i) => i.value));
}

describe("the secretariat's whole journey", { skip: SKIP_REASON, timeout: 8 * 60_000 }, () => {
  let browser;
  const shared = { hearingPath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff prepare a hearing: questions with help texts, reordered and previewed, and a PDF', () =>
    withPage(browser, 'staff-journey-prepare', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('header a[href="/staff/hearings/new"]'));
      await checkA11y(page, 'new hearing form');

      await page.fill('input[name=title]', TITLE);
      await page.fill('textarea[name=summary]', 'Boliger og erhverv **ved stationen**.');
      await page.selectOption('select[name=kind]', 'lokalplanforslag');
      await page.fill('input[name=opens_date]', copenhagenDate(-1));
      await page.fill('input[name=opens_time]', '08:00');
      await page.fill('input[name=closes_date]', copenhagenDate(35));
      await page.fill('input[name=closes_time]', '12:00');
      await page.check('#areas-bymidten');
      await page.fill('input[name=section_heading_0]', 'Formål');
      await page.fill('textarea[name=section_body_0]', 'At give plads til boliger og butikker.');
      await page.selectOption('select[name=q_kind_0]', 'long_text');
      await page.fill('input[name=q_prompt_0]', 'Bemærkninger til planen');
      await page.fill('textarea[name=q_help_0]', 'Henvis gerne til paragraffen.');
      await page.selectOption('select[name=q_kind_1]', 'yes_no');
      await page.fill('input[name=q_prompt_1]', 'Ejer I en grund i området?');
      await page.selectOption('select[name=q_kind_2]', 'file');
      await page.fill('input[name=q_prompt_2]', 'Vedhæft jeres egen skitse');
      await page.fill('textarea[name=q_help_2]', 'En tegning eller et notat.');

      // Move the file question up with the keyboard: the focus stays on it.
      await page.locator('button[name=action][value=up_2]').focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.deepEqual(await prompts(page), ['Bemærkninger til planen', 'Vedhæft jeres egen skitse', 'Ejer I en grund i området?']);
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('value')),
        'up_1',
        'the keyboard focus follows the moved question',
      );
      assert.equal(await page.locator('textarea[name=q_help_1]').inputValue(), 'En tegning eller et notat.');
      assert.equal(await page.locator('input[name=title]').inputValue(), TITLE, 'nothing typed is lost');
      await checkA11y(page, 'new hearing form after moving a question');

      // The preview is the respondent's form; the way back keeps everything.
      await clickAndWait(page, page.locator('button[name=action][value=preview]'));
      assert.ok(await page.locator('#preview-banner').isVisible());
      assert.ok(await page.locator('input[type=file][name^="answer_"]').isVisible(), 'the file question is a file field');
      assert.ok((await page.locator('main').innerText()).includes('Henvis gerne til paragraffen.'), 'help texts are shown');
      assert.equal(await page.locator('main button', { hasText: 'Indsend høringssvar' }).count(), 0, 'a preview cannot be sent');
      await checkA11y(page, 'preview of the response form');
      await clickAndWait(page, page.locator('#preview-banner button[name=action][value=back]'));
      assert.equal(currentPath(page), '/staff/hearings/new');
      assert.deepEqual(await prompts(page), ['Bemærkninger til planen', 'Vedhæft jeres egen skitse', 'Ejer I en grund i området?']);
      assert.equal(await page.locator('input[name=title]').inputValue(), TITLE);

      // Enter in the title saves the draft.
      await Promise.all([page.waitForNavigation(), page.locator('input[name=title]').press('Enter')]);
      await page.waitForLoadState('load');
      assert.match(currentPath(page), /^\/hearings\/[^/]+$/, `saved, on ${page.url()}`);
      shared.hearingPath = currentPath(page);
      await checkA11y(page, 'the draft hearing page');

      // A picture named .pdf is refused next to the file field, the title kept.
      await page.locator('details.documents-add summary').click();
      await page.fill('#document-title', 'Kortbilag 1');
      await page.setInputFiles('#document-file', { name: 'kort.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a') });
      await clickAndWait(page, submitButtonOf(page, '#document-file'));
      assert.ok(await page.locator('#document-file-error').isVisible());
      assert.equal(await page.locator('#document-title').inputValue(), 'Kortbilag 1');
      await checkA11y(page, 'hearing page with a refused document');
      await page.setInputFiles('#document-file', { name: 'kortbilag.pdf', mimeType: 'application/pdf', buffer: pdf('kort') });
      await clickAndWait(page, submitButtonOf(page, '#document-file'));
      const link = page.locator('#documents a[download]', { hasText: 'Kortbilag 1' });
      assert.equal(await link.count(), 1, 'the document is listed');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), 'kortbilag.pdf', 'it downloads, never opens inline');

      await clickAndWait(page, page.locator(`a[href="/staff/hearings/${shared.hearingPath.split('/')[2]}/preview"]`));
      await checkA11y(page, 'preview of the saved hearing');
      await clickAndWait(page, page.locator('#preview-banner a'));
      assert.equal(currentPath(page), shared.hearingPath);

      await clickAndWait(page, page.locator('button', { hasText: 'Offentliggør høringen' }));
      assert.equal(await page.locator('.hearing-state').getAttribute('data-state'), 'open');
      await checkA11y(page, 'the published hearing');
      await signOut(page);
    }));

  test('staff invite a party with the count shown first and set the reminder', () =>
    withPage(browser, 'staff-journey-invite', async (page) => {
      assert.ok(shared.hearingPath, 'needs the hearing prepared above');
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, `${shared.hearingPath}/invite`);
      await page.fill('textarea[name=emails]', PARTY);
      await clickAndWait(page, page.locator('button[name=action][value=preview]'));
      assert.equal(Number(await page.locator('#count-new').innerText()), 1);
      await checkA11y(page, 'invitation page with the count');
      await clickAndWait(page, page.locator('button[name=action][value=send]'));
      assert.ok((await page.locator('#hearing-list').innerText()).includes(PARTY));
      await page.fill('input[name=reminder_days_before]', '5');
      await clickAndWait(page, submitButtonOf(page, 'input[name=reminder_days_before]'));
      assert.equal(await page.locator('input[name=reminder_days_before]').inputValue(), '5');
      await checkA11y(page, 'invitation page after sending');
      await signOut(page);
    }));

  test('a business asks a question and answers the file question with a PDF', () =>
    withPage(browser, 'staff-journey-business', async (page) => {
      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      await visit(page, shared.hearingPath);
      await page.fill('textarea[name=question]', QUESTION);
      await clickAndWait(page, submitButtonOf(page, 'textarea[name=question]'));
      await visit(page, `${shared.hearingPath}/respond`);
      await checkA11y(page, 'response form with a file question');
      await page.check('input[name=stance][value=supports_with_changes]');
      const file = page.locator('input[type=file][name^="answer_"]');
      await file.setInputFiles({ name: 'skitse.pdf', mimeType: 'application/pdf', buffer: pdf('skitse') });
      await clickAndWait(page, page.locator('main form button[type=submit]', { hasText: 'Indsend høringssvar' }));
      assert.match(currentPath(page), /^\/receipts\//, `a receipt, on ${page.url()}`);
      await checkA11y(page, 'receipt');
      await signOut(page);
    }));

  test('staff answer the question, correct the hearing and see it on the dashboard', () =>
    withPage(browser, 'staff-journey-run', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, '/staff/inquiries');
      const link = page.locator('table a', { hasText: TITLE }).first();
      const inquiryId = (await link.getAttribute('href')).split('#inquiry-')[1];
      await clickAndWait(page, link);
      await page.fill(`textarea[name="answer_${inquiryId}"]`, 'Ja, efter ansøgning om råden over vejareal.');
      await clickAndWait(page, submitButtonOf(page, `textarea[name="answer_${inquiryId}"]`));
      assert.ok((await page.locator(`#inquiry-${inquiryId}`).innerText()).includes('råden over vejareal'));

      await clickAndWait(page, page.locator('a', { hasText: 'Ret høringen' }));
      await page.fill('input[name=title]', `${TITLE} – rettet`);
      await page.fill('textarea[name=note]', 'Stavefejl i titlen.');
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      assert.equal(currentPath(page), shared.hearingPath);
      assert.ok((await page.locator('#corrections').innerText()).includes('Stavefejl i titlen.'));
      await checkA11y(page, 'corrected hearing page');

      await clickAndWait(page, page.locator('header a[href="/staff"]'));
      const dashboard = await page.locator('main').innerText();
      assert.ok(dashboard.includes(`${TITLE} – rettet`), 'the open hearing is on the dashboard');
      await checkA11y(page, 'dashboard');
      await signOut(page);
    }));
});
