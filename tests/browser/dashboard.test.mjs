// Every field of a hearing and the secretariat's dashboard in the browser:
// staff fill in committee, council meeting, areas, topics and contact on the
// new-hearing form, see them on the hearing page, and read the dashboard; a
// visitor filters the front page by area and topic without JavaScript; a
// business is refused the dashboard. Every page visited is checked with
// axe-core for WCAG 2.1 A and AA.

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
  visit,
  withPage,
  launch,
} from './helpers.mjs';

const TITLE = `Regulativ for skilte i Kirkebjerg (${RUN_ID})`;

describe('every field of a hearing, and the staff dashboard', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff fill in every field of a hearing and see them on its page', () =>
    withPage(browser, 'fields-new-hearing', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, '/staff/hearings/new');
      for (const legend of ['Lokalområder', 'Emner', 'Kommunalbestyrelsens behandling', 'Kontaktperson']) {
        assert.equal(await page.locator('fieldset > legend', { hasText: legend }).count(), 1, `a fieldset "${legend}"`);
      }
      await checkA11y(page, 'new hearing form with every field');

      await page.fill('input[name=title]', TITLE);
      await page.fill('textarea[name=summary]', 'Regler for skilte på erhvervsbygninger.');
      await page.selectOption('select[name=kind]', 'policy');
      await page.fill('input[name=opens_date]', copenhagenDate(-1));
      await page.fill('input[name=opens_time]', '09:00');
      await page.fill('input[name=closes_date]', copenhagenDate(30));
      await page.fill('input[name=closes_time]', '12:00');
      await page.selectOption('select[name=committee]', { label: 'Vækst- og Byudviklingsudvalget' });
      await page.check('#areas-kirkebjerg');
      await page.check('#areas-hvissinge');
      await page.check('#topics-erhverv');
      await page.check('#topics-byudvikling');
      await page.fill('input[name=council_meeting_date]', copenhagenDate(2));
      await page.fill('input[name=council_meeting_title]', 'Skilteregulativ – vedtagelse');
      await page.fill('input[name=contact_name]', 'Erhvervssekretariatet');
      await page.fill('input[name=contact_email]', 'erhverv@glostrup.example');
      await page.fill('input[name=q_prompt_0]', 'Bemærkninger');
      await page.selectOption('select[name=q_kind_0]', 'long_text');

      // A council meeting before the deadline is refused, next to its field, and nothing typed is lost.
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      assert.equal(currentPath(page), '/staff/hearings/new');
      assert.ok(await page.locator('#council_meeting_date-error').isVisible(), 'the error is by the meeting date');
      assert.ok(await page.locator('#areas-kirkebjerg').isChecked(), 'checked areas are kept');
      assert.ok(await page.locator('#topics-byudvikling').isChecked(), 'checked topics are kept');
      await checkA11y(page, 'new hearing form with an error in the council meeting');

      await page.fill('input[name=council_meeting_date]', copenhagenDate(45));
      await clickAndWait(page, page.locator('button[name=action][value=save]'));
      assert.match(currentPath(page), /^\/hearings\/[^/]+$/, `saving should show the hearing, got ${page.url()}`);
      assert.equal(await page.locator('.hearing-committee').innerText(), 'Vækst- og Byudviklingsudvalget');
      assert.equal(await page.locator('.hearing-areas').innerText(), 'Hvissinge, Kirkebjerg');
      assert.equal(await page.locator('.hearing-topics').innerText(), 'Erhverv, Byudvikling');
      assert.match(await page.locator('.hearing-council-meeting').innerText(), /Skilteregulativ – vedtagelse/);
      assert.equal(
        await page.locator('.hearing-contact a').getAttribute('href'),
        'mailto:erhverv@glostrup.example',
      );
      await checkA11y(page, 'hearing page with every field');
      await signOut(page);
    }));

  test('staff read the dashboard from the header', () =>
    withPage(browser, 'dashboard', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await clickAndWait(page, page.locator('nav a[href="/staff"]'));
      assert.equal(currentPath(page), '/staff');
      assert.match(await page.locator('h1').innerText(), /Overblik/);
      const open = Number(await page.locator('.count[data-state=open]').innerText());
      assert.ok(open >= 3, `the demo has at least three open hearings, got ${open}`);
      assert.ok(
        (await page.locator('.deadlines-soon').innerText()).includes('Hvad holder din virksomhed tilbage?'),
        'the pulse survey closes within 14 days',
      );
      assert.ok(await page.locator('table.open-hearings tbody tr').count() >= 3);
      await checkA11y(page, 'staff dashboard');
      await clickAndWait(page, page.locator('main a[href="/staff/inquiries"]'));
      assert.equal(currentPath(page), '/staff/inquiries');
      await signOut(page);
    }));

  test('a visitor filters the front page by area and topic without JavaScript', () =>
    withPage(
      browser,
      'front-page-filter',
      async (page) => {
        await visit(page, '/');
        await page.selectOption('select[name=area]', 'bymidten');
        await page.selectOption('select[name=topic]', 'trafik');
        await clickAndWait(page, page.locator('form.filter button[type=submit]'));
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('area'), 'bymidten');
        assert.equal(url.searchParams.get('topic'), 'trafik');
        const main = await page.locator('main').innerText();
        assert.ok(main.includes('Lokalplanforslag 312'), 'the lokalplan is in Bymidten and on traffic');
        assert.ok(!main.includes('Erhvervspolitik 2026'), 'the business policy is not on traffic');
        await checkA11y(page, 'front page filtered by area and topic');
      },
      { javaScriptEnabled: false },
    ));

  test('a business is refused the dashboard', () =>
    withPage(browser, 'dashboard-refused', async (page) => {
      await signIn(page, ACCOUNTS.respondent.email, ACCOUNTS.respondent.password);
      assert.equal(await page.locator('nav a[href="/staff"]').count(), 0, 'no link in the header');
      const response = await page.goto('/staff');
      assert.equal(response.status(), 403);
      await checkA11y(page, 'dashboard refused');
    }));
});
