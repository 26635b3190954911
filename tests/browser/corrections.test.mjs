// Editing a hearing and correcting it after publication in the browser:
// staff open the edit form from the hearing page, are told next to the
// field that a correction needs a note (nothing typed is lost), and the
// corrected hearing shows "Ændret den …: what changed — note" to everyone.
// Works without JavaScript; every page visited is checked with axe-core.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ACCOUNTS,
  BASE_URL,
  RUN_ID,
  SKIP_REASON,
  assertFieldError,
  checkA11y,
  clickAndWait,
  currentPath,
  signIn,
  signOut,
  visit,
  withPage,
  launch,
} from './helpers.mjs';

const TITLE = `Politik for udeservering (${RUN_ID})`;
const CORRECTED = `Politik for udeservering i Bymidten (${RUN_ID})`;
const NOTE = 'Titlen nævner nu Bymidten.';

/** A published policy hearing, open from yesterday for 30 days, made through the API; its page path. */
async function publishedHearing() {
  const post = async (path, body, token) => {
    const res = await fetch(`${BASE_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    assert.ok(res.ok, `POST ${path} answered ${res.status}`);
    return res.json();
  };
  const { access_token: token } = await post('/api/v1/auth/token', ACCOUNTS.staff);
  const day = 24 * 3600 * 1000;
  const hearing = await post(
    '/api/v1/hearings',
    {
      title: TITLE,
      summary: 'Regler for borde og stole på fortovet.',
      kind: 'policy',
      opens_at: new Date(Date.now() - day).toISOString(),
      closes_at: new Date(Date.now() + 30 * day).toISOString(),
      questions: [{ kind: 'long_text', prompt: 'Bemærkninger', required: false }],
    },
    token,
  );
  await post(`/api/v1/hearings/${hearing.id}/publish`, {}, token);
  return `/hearings/${hearing.id}`;
}

describe('editing and correcting a hearing', { skip: SKIP_REASON, timeout: 5 * 60_000 }, () => {
  let browser;
  let hearingPath;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff correct a published hearing with a note, without JavaScript', () =>
    withPage(
      browser,
      'corrections-edit',
      async (page) => {
        await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
        hearingPath = await publishedHearing();
        await visit(page, hearingPath);
        await clickAndWait(page, page.locator('a', { hasText: 'Ret høringen' }));
        assert.equal(currentPath(page), `${hearingPath.replace('/hearings/', '/staff/hearings/')}/edit`);
        assert.equal(await page.locator('input[name=title]').inputValue(), TITLE, 'the form is filled in');
        await checkA11y(page, 'edit form of a published hearing');

        await page.fill('input[name=title]', CORRECTED);
        await clickAndWait(page, page.locator('button[name=action][value=save]'));
        assert.ok(await page.locator('#note-error').isVisible(), 'the missing note is named next to its field');
        await assertFieldError(page, 'note');
        assert.equal(await page.locator('input[name=title]').inputValue(), CORRECTED, 'what was typed is kept');
        await checkA11y(page, 'edit form with a missing note');

        await page.fill('textarea[name=note]', NOTE);
        await clickAndWait(page, page.locator('button[name=action][value=save]'));
        assert.equal(currentPath(page), hearingPath);
        await signOut(page);
      },
      { javaScriptEnabled: false },
    ));

  test('a visitor sees the correction on the hearing page', () =>
    withPage(browser, 'corrections-public', async (page) => {
      assert.ok(hearingPath, 'the previous test made a corrected hearing');
      await visit(page, hearingPath);
      assert.equal(await page.locator('h1').innerText(), CORRECTED);
      const correction = await page.locator('li.correction').innerText();
      assert.match(correction, /^Ændret den .+: titel — /);
      assert.ok(correction.endsWith(NOTE), correction);
      await checkA11y(page, 'corrected public hearing page');
    }));
});
