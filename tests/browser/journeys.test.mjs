// Browser journeys through the real server (with demo data), in order: the
// hearing that staff create in journey 2 is answered in journey 3. Every page
// visited is checked with axe-core for WCAG 2.1 A and AA.
//
// Run: HEARINGS_BASE_URL=http://127.0.0.1:39123 npm test   (in tests/browser)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  RUN_ID,
  SKIP_REASON,
  assertErrorShown,
  assertFieldError,
  assertSignedIn,
  assertValue,
  checkA11y,
  clickAndWait,
  copenhagenDate,
  currentPath,
  disableNativeValidation,
  emailedLink,
  isValidCvr,
  launch,
  pageLang,
  randomCvr,
  selectFirstAvailable,
  signIn,
  signOut,
  submitButtonOf,
  visit,
  waitForNavigation,
  withPage,
} from './helpers.mjs';

if (SKIP_REASON) console.log(`browser tests skipped: ${SKIP_REASON}`);

/** What the staff journey creates, for the respondent journey to answer. */
const created = { hearingPath: null };

const NEW_HEARING = {
  title: `Browsertest ${RUN_ID}: Politik for udeservering`,
  summary: 'Forslag til en politik for udeservering i Glostrup Bymidte. Oprettet af browsertesten.',
  sections: [
    { heading: 'Formål', body: 'Politikken skal gøre det lettere at drive udeservering i bymidten.' },
    { heading: 'Regler for udeservering', body: 'Udeservering er tilladt fra 1. april til 31. oktober.' },
  ],
  questions: [
    {
      kinds: ['single_choice'],
      prompt: 'Hvordan påvirker politikken jeres virksomhed?',
      required: true,
      options: ['Positivt', 'Hverken eller', 'Negativt'],
    },
    {
      kinds: ['number', 'number_with_unit'],
      prompt: 'Hvad forventer I at investere i udeservering?',
      required: false,
      unit: 'DKK',
    },
  ],
};

describe('browser journeys', { skip: SKIP_REASON, timeout: 10 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('the front page sends the security headers', () =>
    withPage(browser, 'security-headers', async (page) => {
      const response = await visit(page, '/');
      const headers = response.headers();
      assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, 'content-security-policy');
      assert.equal(headers['x-content-type-options'], 'nosniff', 'x-content-type-options');
    }));

  test('journey 1: a visitor browses the hearings and switches language', () =>
    withPage(browser, 'journey-1-visitor', async (page) => {
      await visit(page, '/');
      assert.equal(await pageLang(page), 'da', 'the front page is Danish by default');
      await assertSignedIn(page, false);
      await checkA11y(page, 'front page');

      const hearingLinks = page.locator('a[href^="/hearings/"]');
      const closedPolicy = hearingLinks.filter({ hasText: 'Erhvervspolitik' });
      assert.ok((await closedPolicy.count()) > 0, 'the closed Erhvervspolitik demo hearing is listed');
      const localPlan = hearingLinks.filter({ hasText: /^\s*Lokalplanforslag/ }).first();

      await clickAndWait(page, localPlan);
      const hearingPath = currentPath(page);
      assert.match(hearingPath, /^\/hearings\/[^/]+$/);
      assert.match(await page.locator('h1').first().innerText(), /Lokalplanforslag/);
      await checkA11y(page, 'hearing page (da)');

      await clickAndWait(page, page.locator('a[hreflang="en"]').first());
      assert.equal(await pageLang(page), 'en', 'switching to English sets <html lang="en">');
      assert.equal(currentPath(page), hearingPath, 'switching language stays on the same page');
      await checkA11y(page, 'hearing page (en)');

      await clickAndWait(page, page.locator('a[hreflang="da"]').first());
      assert.equal(await pageLang(page), 'da', 'switching back sets <html lang="da">');
      assert.equal(currentPath(page), hearingPath, 'switching language stays on the same page');
    }));

  test('journey 2: staff create, publish and open a policy hearing', () =>
    withPage(browser, 'journey-2-staff', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);

      await visit(page, '/staff/hearings/new');
      await checkA11y(page, 'new hearing form');

      // First a lokalplanforslag with a period of about a week: too short (4 weeks at least).
      await fillHearingForm(page, { kind: 'lokalplanforslag', opensInDays: -1, closesInDays: 7 });
      await disableNativeValidation(page);
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      await assertErrorShown(page, /\b4\b[\s\S]*(uge|week)/i);
      await assertHearingFormKept(page, { kind: 'lokalplanforslag', opensInDays: -1, closesInDays: 7 });
      await checkA11y(page, 'new hearing form with a too short period');

      // Then as a policy hearing, open from yesterday for 30 days.
      await page.selectOption('select[name=kind]', 'policy');
      await page.fill('input[name=closes_date]', copenhagenDate(30));
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      const hearingPath = currentPath(page);
      assert.match(hearingPath, /^\/hearings\/[^/]+$/, `saving should redirect to the hearing, got ${page.url()}`);
      assert.match(await page.locator('h1').first().innerText(), new RegExp(escapeRegExp(NEW_HEARING.title)));
      assert.equal(await page.locator('.hearing-state').first().getAttribute('data-state'), 'draft');
      await checkA11y(page, 'draft hearing');

      await clickAndWait(page, page.locator('form[action$="/publish"] button[type=submit]').first());
      if (currentPath(page) !== hearingPath) await visit(page, hearingPath);
      assert.equal(
        await page.locator('.hearing-state').first().getAttribute('data-state'),
        'open',
        'a published hearing whose start has passed is open',
      );
      await checkA11y(page, 'published hearing');
      created.hearingPath = hearingPath;

      await signOut(page);
    }));

  test('journey 3: a new respondent registers and answers the new hearing', () =>
    withPage(browser, 'journey-3-respondent', async (page) => {
      assert.ok(created.hearingPath, 'needs the hearing created in journey 2');

      await visit(page, '/register');
      await checkA11y(page, 'registration form');

      const person = {
        name: 'Bente Browsertest',
        email: `browsertest-${RUN_ID}@virksomhed.example`,
        password: `Browser-Test-${RUN_ID}-1`,
        org_name: `Browsertest Café ${RUN_ID} ApS`,
      };
      for (const [name, value] of Object.entries(person)) await page.fill(`input[name=${name}]`, value);
      const industry = await selectFirstAvailable(page, 'org_industry', (v) => v === 'DB25:I' || v.startsWith('DB25:'));
      await page.selectOption('select[name=org_size]', 'small');
      await page.selectOption('select[name=org_area]', 'bymidten');
      await page.selectOption('select[name=org_type]', 'company');

      // A CVR number that fails the modulus-11 check.
      assert.equal(isValidCvr('12345678'), false);
      await page.fill('input[name=org_cvr]', '12345678');
      await disableNativeValidation(page);
      await clickAndWait(page, submitButtonOf(page, 'input[name=org_cvr]'));
      await assertErrorShown(page);
      await assertFieldError(page, 'org_cvr');
      for (const name of ['name', 'email', 'org_name']) await assertValue(page, name, person[name]);
      await assertValue(page, 'org_industry', industry);
      await assertValue(page, 'org_size', 'small');
      await assertValue(page, 'org_area', 'bymidten');
      await assertValue(page, 'org_type', 'company');
      await checkA11y(page, 'registration form with a bad CVR');

      await page.fill('input[name=org_cvr]', randomCvr());
      await page.fill('input[name=password]', person.password);
      await clickAndWait(page, submitButtonOf(page, 'input[name=org_cvr]'));
      assert.equal(currentPath(page), '/', `registration should redirect to /, got ${page.url()}`);
      await assertSignedIn(page, true);
      await checkA11y(page, 'front page, signed in as the new respondent');

      // The link e-mailed at registration confirms the address; only then may it submit.
      await visit(page, await emailedLink(person.email, 'verify'));
      assert.ok(await page.locator('#notice').isVisible(), 'the page says the address is confirmed');
      await checkA11y(page, 'e-mail address confirmed');

      await visit(page, created.hearingPath);
      await checkA11y(page, 'the new hearing, as respondent');
      await clickAndWait(page, page.locator('a[href$="/respond"]').first());
      assert.match(currentPath(page), /\/respond$/);
      await checkA11y(page, 'response form');

      const choice = page.locator('input[type=radio][name^="answer_"]');
      const amount = page.locator('input[inputmode=decimal][name^="answer_"]');
      assert.equal(await choice.count(), NEW_HEARING.questions[0].options.length, 'one radio per option');
      assert.equal(await amount.count(), 1, 'one number input');

      // Leave out the required answer: the form comes back with the typed values.
      await page.check('input[name=stance][value=supports_with_changes]');
      await page.check('input[name=publication][value=named]');
      await amount.fill('25000');
      await disableNativeValidation(page);
      await clickAndWait(page, page.locator('button[name=action][value=submit]'));
      await assertErrorShown(page);
      assert.equal(await amount.inputValue(), '25000', 'the number answer is kept');
      assert.ok(await page.isChecked('input[name=stance][value=supports_with_changes]'), 'the stance is kept');
      assert.ok(await page.isChecked('input[name=publication][value=named]'), 'the publication choice is kept');
      await checkA11y(page, 'response form with a missing answer');

      await choice.first().check();
      await clickAndWait(page, page.locator('button[name=action][value=submit]'));
      await assertReceipt(page);
      await checkA11y(page, 'receipt');
    }));

  test('journey 4: a politician reads the summary of a closed hearing', () =>
    withPage(browser, 'journey-4-politician', async (page) => {
      await signIn(page, ACCOUNTS.politician.email, ACCOUNTS.politician.password);

      await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: 'Erhvervspolitik' }).first());
      await checkA11y(page, 'closed hearing, as politician');
      await clickAndWait(page, page.locator('a[href$="/summary"]').first());
      assert.match(currentPath(page), /\/summary$/);
      await checkA11y(page, 'hearing summary');

      const total = Number((await page.locator('.summary-total').first().innerText()).replace(/\D/g, ''));
      assert.ok(total >= 40, `the demo hearing has at least 40 responses, the summary says ${total}`);

      const tables = page.locator('table');
      const captions = page.locator('table > caption');
      assert.ok((await tables.count()) >= 4, 'tables by stance, industry section, size class and area');
      assert.equal(await captions.count(), await tables.count(), 'every table has a caption');

      await signOut(page);
    }));

  test('journey 4b: staff withdraw a second hearing with a public reason; an admin reads the audit log', () =>
    withPage(browser, 'journey-4b-withdraw-and-audit', async (page) => {
      const title = `Browsertest ${RUN_ID}: Høring der trækkes tilbage`;
      const reason = `Udvalget har trukket forslaget (browsertest ${RUN_ID}).`;
      // A deadline on Christmas Day, so the draft shows a warning.
      const today = new Date();
      const year = today.getMonth() === 11 && today.getDate() >= 20 ? today.getFullYear() + 1 : today.getFullYear();

      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, '/staff/hearings/new');
      await fillHearingForm(page, { kind: 'policy', opensInDays: -1, closesInDays: 30 });
      await page.fill('input[name=title]', title);
      await page.fill('input[name=closes_date]', `${year}-12-25`);
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      const hearingPath = currentPath(page);
      assert.match(hearingPath, /^\/hearings\/[^/]+$/, `saving should redirect to the hearing, got ${page.url()}`);
      const warnings = (await page.locator('.deadline-warning').allInnerTexts()).join('\n');
      assert.match(warnings, /Juledag/, 'the draft warns of a deadline on Christmas Day');
      await checkA11y(page, 'draft hearing with deadline warnings');

      await clickAndWait(page, page.locator('form[action$="/publish"] button[type=submit]').first());
      if (currentPath(page) !== hearingPath) await visit(page, hearingPath);

      // Withdrawing without a reason is refused, next to the field.
      await page.locator('details.withdraw > summary').click();
      await checkA11y(page, 'hearing with the withdraw form open');
      await disableNativeValidation(page);
      await clickAndWait(page, submitButtonOf(page, 'textarea[name=reason]'));
      await assertErrorShown(page);
      await assertFieldError(page, 'reason');
      await checkA11y(page, 'withdraw form with a missing reason');

      await page.fill('textarea[name=reason]', reason);
      await clickAndWait(page, submitButtonOf(page, 'textarea[name=reason]'));
      assert.equal(currentPath(page), hearingPath);
      assert.equal(await page.locator('.hearing-state').first().getAttribute('data-state'), 'withdrawn');
      await checkA11y(page, 'withdrawn hearing, as staff');
      await signOut(page);

      // A visitor sees the reason, and no way to respond.
      await visit(page, hearingPath);
      assert.match(await page.locator('#withdrawal').innerText(), /^Trukket tilbage den .+: /);
      assert.equal((await page.locator('.withdrawal-reason').innerText()).trim(), reason);
      assert.equal(await page.locator('a[href$="/respond"]').count(), 0, 'a withdrawn hearing takes no responses');
      await checkA11y(page, 'withdrawn hearing, as visitor');

      // An administrator reads the audit log from the header.
      await signIn(page, ACCOUNTS.admin.email, ACCOUNTS.admin.password);
      await clickAndWait(page, page.locator('header a[href="/admin/audit"]'));
      assert.equal(currentPath(page), '/admin/audit');
      // (The test server's clock stands still; rows of one moment are listed newest written first.)
      const withdrawal = page.locator(`tr.audit-row[data-action="hearing.withdraw"]:has(a[href="${hearingPath}"])`);
      assert.equal(await withdrawal.count(), 1, 'one row for the withdrawal');
      assert.match(await withdrawal.innerText(), new RegExp(escapeRegExp(ACCOUNTS.staff.email)));
      assert.match(await withdrawal.innerText(), new RegExp(escapeRegExp(reason)));
      await checkA11y(page, 'audit log');
      await signOut(page);
    }));

  test('journey 5: without JavaScript, the demo respondent answers the open lokalplanforslag', () =>
    withPage(
      browser,
      'journey-5-no-javascript',
      async (page) => {
        await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);

        await clickAndWait(page, page.locator('a[href^="/hearings/"]').filter({ hasText: /^\s*Lokalplanforslag/ }).first());
        await checkA11y(page, 'lokalplanforslag, no JavaScript');
        await clickAndWait(page, page.locator('a[href$="/respond"]').first());
        await checkA11y(page, 'response form, no JavaScript');

        await page.check('input[name=stance][value=opposes]');
        await page.check('input[name=publication][value=anonymous]');
        await answerEveryQuestion(page);
        await clickAndWait(page, page.locator('button[name=action][value=submit]'));
        await assertReceipt(page);
        await checkA11y(page, 'receipt, no JavaScript');
      },
      { javaScriptEnabled: false },
    ));

  test('a wrong password is refused and the e-mail address is kept', () =>
    withPage(browser, 'wrong-password', async (page) => {
      await visit(page, '/signin');
      await page.fill('input[name=email]', ACCOUNTS.respondent.email);
      await page.fill('input[name=password]', 'not-the-password');
      await clickAndWait(page, submitButtonOf(page, 'input[name=password]'));
      await assertErrorShown(page);
      await assertValue(page, 'email', ACCOUNTS.respondent.email);
      await assertSignedIn(page, false);
      await checkA11y(page, 'sign-in form with an error');
    }));

  test('the keyboard alone reaches the sign-in fields and signs in', () =>
    withPage(browser, 'keyboard-sign-in', async (page) => {
      await visit(page, '/signin');

      await tabUntil(page, 'input[name=email]', 40);
      await page.keyboard.type(ACCOUNTS.respondent.email);
      await tabUntil(page, 'input[name=password]', 5);
      await page.keyboard.type(ACCOUNTS.respondent.password);
      await tabUntil(page, 'button[type=submit]', 5);
      await waitForNavigation(page, () => page.keyboard.press('Enter'));

      assert.equal(currentPath(page), '/', `keyboard sign-in should land on /, got ${page.url()}`);
      await assertSignedIn(page, true);
    }));
});

/** Fill the new-hearing form with NEW_HEARING, as the given kind and period. */
async function fillHearingForm(page, { kind, opensInDays, closesInDays }) {
  await page.fill('input[name=title]', NEW_HEARING.title);
  await page.fill('textarea[name=summary]', NEW_HEARING.summary);
  await page.selectOption('select[name=kind]', kind);
  await page.fill('input[name=opens_date]', copenhagenDate(opensInDays));
  await page.fill('input[name=opens_time]', '09:00');
  await page.fill('input[name=closes_date]', copenhagenDate(closesInDays));
  await page.fill('input[name=closes_time]', '12:00');

  for (const [i, section] of NEW_HEARING.sections.entries()) {
    await page.fill(`input[name=section_heading_${i}]`, section.heading);
    await page.fill(`textarea[name=section_body_${i}]`, section.body);
  }
  for (const [i, question] of NEW_HEARING.questions.entries()) {
    await selectFirstAvailable(page, `q_kind_${i}`, question.kinds);
    await page.fill(`input[name=q_prompt_${i}]`, question.prompt);
    await page.setChecked(`input[name=q_required_${i}]`, question.required);
    if (question.options) await page.fill(`textarea[name=q_options_${i}]`, question.options.join('\n'));
    if (question.unit) await page.fill(`input[name=q_unit_${i}]`, question.unit);
  }
}

/** Assert that a re-rendered new-hearing form still holds everything fillHearingForm typed. */
async function assertHearingFormKept(page, { kind, opensInDays, closesInDays }) {
  await assertValue(page, 'title', NEW_HEARING.title);
  await assertValue(page, 'summary', NEW_HEARING.summary);
  await assertValue(page, 'kind', kind);
  await assertValue(page, 'opens_date', copenhagenDate(opensInDays));
  await assertValue(page, 'opens_time', '09:00');
  await assertValue(page, 'closes_date', copenhagenDate(closesInDays));
  await assertValue(page, 'closes_time', '12:00');
  for (const [i, section] of NEW_HEARING.sections.entries()) {
    await assertValue(page, `section_heading_${i}`, section.heading);
    await assertValue(page, `section_body_${i}`, section.body);
  }
  for (const [i, question] of NEW_HEARING.questions.entries()) {
    assert.ok(question.kinds.includes(await page.locator(`[name=q_kind_${i}]`).inputValue()), `q_kind_${i} lost its value`);
    await assertValue(page, `q_prompt_${i}`, question.prompt);
    assert.equal(await page.isChecked(`input[name=q_required_${i}]`), question.required, `q_required_${i} lost its value`);
    if (question.options) await assertValue(page, `q_options_${i}`, question.options.join('\n'));
    if (question.unit) await assertValue(page, `q_unit_${i}`, question.unit);
  }
}

/**
 * Answer every question on a response form, whatever its kind: the first
 * choice of radios and checkboxes ("yes" for yes/no), a number, or some text.
 * File inputs are left empty.
 */
async function answerEveryQuestion(page) {
  const fields = await page.locator('[name^="answer_"]').evaluateAll((elements) =>
    elements.map((e) => ({ name: e.name, tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(), value: e.value, decimal: e.inputMode === 'decimal' })),
  );
  const byName = new Map();
  for (const field of fields) byName.set(field.name, [...(byName.get(field.name) ?? []), field]);
  for (const [name, group] of byName) {
    const { tag, type, decimal } = group[0];
    const selector = `[name="${name}"]`;
    if (type === 'radio') {
      const yes = group.find((f) => f.value === 'yes');
      await page.check(yes ? `${selector}[value="yes"]` : selector);
    } else if (type === 'checkbox') {
      await page.locator(selector).first().check();
    } else if (tag === 'select') {
      const values = await page.locator(`${selector} option`).evaluateAll((options) => options.map((o) => o.value));
      await page.selectOption(selector, values.find((v) => v !== '') ?? values[0]);
    } else if (type === 'number' || decimal) {
      await page.fill(selector, '3');
    } else if (type === 'file') {
      continue;
    } else {
      await page.fill(selector, 'Vi er bekymrede for trafikken i bymidten. (browsertest)');
    }
  }
}

/** Assert that the page is a receipt: reference, a SHA-256 digest in hex, and a time. */
async function assertReceipt(page) {
  assert.match(currentPath(page), /^\/receipts\/[^/]+$/, `submitting should lead to a receipt, got ${page.url()}`);
  const reference = (await page.locator('.receipt-reference').first().innerText()).trim();
  const digest = (await page.locator('.receipt-digest').first().innerText()).trim();
  const time = (await page.locator('.receipt-time').first().innerText()).trim();
  assert.ok(reference.length > 0, 'the receipt shows a reference');
  assert.match(digest, /^[0-9a-f]{64}$/i, 'the receipt shows a 64-hex-digit digest');
  assert.ok(time.length > 0, 'the receipt shows the time');
}

/** Press Tab until the focused element matches `selector`; fail after `limit` presses. */
async function tabUntil(page, selector, limit) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate((s) => {
      const e = document.activeElement;
      return { matches: Boolean(e?.matches(s)), what: e ? `${e.tagName.toLowerCase()}[name=${e.getAttribute('name')}]` : 'nothing' };
    }, selector);
    if (focused.matches) return;
    seen.push(focused.what);
  }
  assert.fail(`Tab did not reach ${selector} in ${limit} presses; focus went to: ${seen.join(', ')}`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
