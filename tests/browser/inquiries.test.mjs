// Questions on a hearing in the browser: a business asks, staff answer from
// the list of unanswered questions, a visitor reads both. Every page visited
// is checked with axe-core for WCAG 2.1 A and AA.

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

const QUESTION = `Gælder kravet om cykelparkering også eksisterende butikker? (${RUN_ID})`;
const ANSWER = `Nej, kun ved ombygning eller ny anvendelse. (${RUN_ID})`;

describe('questions and answers on a hearing', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  const shared = { hearingPath: null };

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('a business asks a question on the open lokalplanforslag', () =>
    withPage(browser, 'inquiry-ask', async (page) => {
      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /^\s*Lokalplanforslag/ }).first());
      shared.hearingPath = currentPath(page);
      await page.fill('textarea[name=question]', QUESTION);
      await clickAndWait(page, submitButtonOf(page, 'textarea[name=question]'));
      assert.equal(currentPath(page), shared.hearingPath);
      assert.ok(await page.locator('#inquiries [role=status]').isVisible(), 'a notice says the question was received');
      assert.ok((await page.locator('#inquiries').innerText()).includes(QUESTION), 'the asker sees the pending question');
      await checkA11y(page, 'hearing page with a pending question');
      await signOut(page);
    }));

  test('staff answer it from the list of unanswered questions', () =>
    withPage(browser, 'inquiry-answer', async (page) => {
      assert.ok(shared.hearingPath, 'needs the question asked above');
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, '/staff/inquiries');
      await checkA11y(page, 'unanswered questions');
      const link = page.locator('table a').filter({ hasText: /Lokalplanforslag/ }).first();
      const href = await link.getAttribute('href');
      const inquiryId = href.split('#inquiry-')[1];
      await clickAndWait(page, link);
      await checkA11y(page, 'hearing page with staff answer forms');
      await page.fill(`textarea[name="answer_${inquiryId}"]`, ANSWER);
      await clickAndWait(page, submitButtonOf(page, `textarea[name="answer_${inquiryId}"]`));
      assert.ok((await page.locator(`#inquiry-${inquiryId}`).innerText()).includes(ANSWER));
      await signOut(page);
    }));

  test('a visitor reads the question with its answer', () =>
    withPage(browser, 'inquiry-read', async (page) => {
      await visit(page, shared.hearingPath);
      const text = await page.locator('#inquiries').innerText();
      assert.ok(text.includes(QUESTION) && text.includes(ANSWER), 'question and answer are public together');
      assert.equal(await page.locator('#inquiries form').count(), 0, 'a visitor sees no forms');
      await checkA11y(page, 'hearing page with a published answer');
    }));
});
