// The whole way from a closed hearing with a hundred responses to a final
// memo, as a member of staff new to the product would take it, with the
// keyboard: from the list of hearings to the analysis; two themes; the
// campaigns found and one confirmed; the campaign's responses assessed and
// tagged at once; one response assessed by hand and the next one found from
// it; two responses ticked and tagged; the rest assessed at once; a theme's
// text for the memo; the memo composed, edited, made final, and downloaded
// as DOCX (read back) and PDF. Every page is checked with axe-core.
//
// The Rust harness makes the hearing and names it in HEARINGS_HUNDRED_HEARING.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

import { ACCOUNTS, REQUIRE_BROWSER, RUN_ID, SKIP_REASON, checkA11y, clickAndWait, signIn, signOut, visit, waitForNavigation, withPage, launch } from './helpers.mjs';

const HUNDRED = (process.env.HEARINGS_HUNDRED_HEARING ?? '').trim() || null;
const SKIP =
  SKIP_REASON ||
  (!HUNDRED && !REQUIRE_BROWSER ? 'HEARINGS_HUNDRED_HEARING is not set: the Rust harness makes that hearing' : false);

const PARKING = `Parkering og adgang (${RUN_ID})`;
const DELIVERIES = `Leverancer (${RUN_ID})`;
const VIEWS = 'Mange virksomheder ønsker bedre parkering ved butikkerne.';
const ADDED = `Sekretariatets afsluttende bemærkning (${RUN_ID}).`;

/** The text of one file in a ZIP archive (a DOCX), read by its central directory. */
function zipEntry(buffer, name) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'a ZIP archive');
  const entries = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i += 1) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const entryName = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + nameLength + extra + comment;
  }
  assert.fail(`${name} in the archive`);
}

/** Focus a control and press a key on it, waiting for the page it sends. */
async function pressOn(page, selector, key = 'Enter') {
  await page.locator(selector).focus();
  await waitForNavigation(page, () => page.keyboard.press(key));
}

describe('from a hundred responses to a final memo', { skip: SKIP, timeout: 10 * 60_000 }, () => {
  let browser;

  before(async () => {
    assert.ok(HUNDRED, 'HEARINGS_HUNDRED_HEARING names the hearing of a hundred responses');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  test('staff analyse a hundred responses and make the memo final in DOCX and PDF', () =>
    withPage(browser, 'memo-journey', async (page) => {
      await signIn(page, ACCOUNTS.staff.email, ACCOUNTS.staff.password);
      await visit(page, '/');
      await clickAndWait(page, page.locator(`a[href="/hearings/${HUNDRED}"]`).first());
      await clickAndWait(page, page.locator(`a[href="/hearings/${HUNDRED}/analysis"]`).first());
      const analysisPath = `/hearings/${HUNDRED}/analysis`;
      assert.equal(new URL(page.url()).pathname, analysisPath);
      assert.equal((await page.locator('#progress-total').innerText()).trim(), '100');
      await checkA11y(page, 'the analysis of a hundred responses');

      // Two themes, typed and sent with Enter.
      for (const name of [PARKING, DELIVERIES]) {
        await page.locator('#theme-name').fill(name);
        await pressOn(page, '#theme-name');
        assert.ok((await page.locator('#themes').innerText()).includes(name));
      }

      // The campaigns: found, and the largest confirmed.
      await clickAndWait(page, page.locator('#campaigns-link'));
      await pressOn(page, '#detect-form button');
      assert.ok(await page.locator('#campaigns-notice').isVisible());
      const campaign = page.locator('section.campaign').first();
      const heading = await campaign.locator('h2').innerText();
      const size = Number(heading.match(/(\d+) høringssvar/)?.[1]);
      assert.ok(size >= 2, `a campaign of several responses: ${heading}`);
      await campaign.locator('.confirm-form button').focus();
      await waitForNavigation(page, () => page.keyboard.press('Enter'));
      await checkA11y(page, 'the campaigns of a hundred responses');

      // Its responses, assessed and tagged at once.
      await clickAndWait(page, page.locator('section.campaign').first().locator('a', { hasText: 'Vis høringssvarene i analysen' }));
      assert.equal(await page.locator('tr.analysis-row').count(), size);
      await page.locator('#bulk-scope-shown').focus();
      await page.keyboard.press('Space');
      await page.selectOption('#bulk-theme', { label: PARKING });
      await page.locator('#bulk-assessment-partly').focus();
      await page.keyboard.press('Space');
      await page.locator('#bulk-reason').fill('Der etableres flere pladser ved butikkerne.');
      await pressOn(page, '#bulk-submit');
      const notice = await page.locator('#bulk-notice').innerText();
      assert.match(notice, new RegExp(`${size} høringssvar har fået vurderingen`));
      assert.match(notice, new RegExp(`Temaet er føjet til ${size} høringssvar`));
      await checkA11y(page, 'the analysis after a bulk action');

      // One response by hand, and on from it to the next without an assessment.
      await visit(page, `${analysisPath}?assessment=none`);
      assert.equal(await page.locator('tr.analysis-row').count(), 100 - size);
      await clickAndWait(page, page.locator('tr.analysis-row a').first());
      const first = new URL(page.url()).pathname;
      await page.locator('#analysis-summary').fill('Ønsker ro om leverancerne.');
      await page.locator('#analysis-assessment-accommodated').focus();
      await page.keyboard.press('Space');
      await page.locator('#analysis-reason').fill('Leverancerne sikres i byggeperioden.');
      await pressOn(page, '#analysis-form button[type=submit]');
      await checkA11y(page, 'a response assessed by hand');
      await pressOn(page, '#next-to-assess');
      assert.notEqual(new URL(page.url()).pathname, first, 'the next response');
      assert.equal(await page.locator('#analysis-assessment-none').isChecked(), true, 'not assessed yet');

      // Two responses ticked with Space and tagged, without an assessment.
      await visit(page, `${analysisPath}?assessment=none`);
      const boxes = page.locator('tr.analysis-row input[type=checkbox]');
      for (const i of [0, 1]) {
        await boxes.nth(i).focus();
        await page.keyboard.press('Space');
      }
      await page.selectOption('#bulk-theme', { label: DELIVERIES });
      await pressOn(page, '#bulk-submit');
      assert.match(await page.locator('#bulk-notice').innerText(), /Temaet er føjet til 2 høringssvar/);

      // The rest assessed at once; forgetting the reason keeps what was chosen.
      await page.selectOption('#bulk-theme', { label: 'Intet tema' });
      await page.locator('#bulk-scope-shown').focus();
      await page.keyboard.press('Space');
      await page.locator('#bulk-assessment-not_accommodated').focus();
      await page.keyboard.press('Space');
      await pressOn(page, '#bulk-submit');
      assert.ok(await page.locator('#bulk-errors').isVisible(), 'the missing reason is announced');
      assert.ok(await page.locator('#bulk-assessment-not_accommodated').isChecked(), 'the choice is kept');
      await checkA11y(page, 'a bulk action with an error');
      await page.locator('#bulk-reason').fill('Forslaget fastholdes; bemærkningerne indgår i den videre planlægning.');
      await pressOn(page, '#bulk-submit');
      await visit(page, analysisPath);
      assert.match(await page.locator('#progress-assessed').innerText(), /^100 \(100 %\)/);

      // The theme's text for the memo.
      await clickAndWait(page, page.locator('#themes a[href^="/themes/"]', { hasText: PARKING }));
      await page.locator('#views').fill(VIEWS);
      await page.locator('#comment').fill('Forvaltningen anbefaler flere pladser.');
      await page.locator('#change').fill('Der tilføjes 20 pladser i § 1.');
      await clickAndWait(page, page.locator('button', { hasText: 'Gem temaet' }));
      await checkA11y(page, 'a theme with its text for the memo');

      // The memo: composed, edited, final.
      await visit(page, analysisPath);
      await clickAndWait(page, page.locator('a.memo-link').first());
      await pressOn(page, '#memo-compose');
      const composed = await page.locator('#memo-text').innerText();
      for (const part of ['Hørte parter', PARKING, VIEWS, 'Der tilføjes 20 pladser i § 1.', `${size} høringssvar med denne enslydende tekst`]) {
        assert.ok(composed.includes(part), `the memo has "${part}"`);
      }
      await page.locator('#memo-markdown').focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(`\n\n${ADDED}\n`);
      await pressOn(page, '#memo-save');
      await pressOn(page, '#memo-finalise');
      assert.equal(await page.locator('#memo-finalise').count(), 0, 'a final memo is frozen');
      await checkA11y(page, 'the final memo of a hundred responses');

      // Both downloads, read back.
      const hrefs = await page.locator('a.memo-download').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const docx = await page.request.get(hrefs.find((h) => h.includes('/export/docx')));
      assert.equal(docx.status(), 200);
      assert.match(docx.headers()['content-type'], /wordprocessingml/);
      const xml = zipEntry(await docx.body(), 'word/document.xml');
      for (const part of [PARKING, VIEWS, ADDED]) {
        assert.ok(xml.includes(part.replace('&', '&amp;')), `the DOCX has "${part}"`);
      }
      const pdf = await page.request.get(hrefs.find((h) => h.includes('/export/pdf')));
      assert.equal(pdf.status(), 200);
      assert.match(pdf.headers()['content-type'], /application\/pdf/);
      const bytes = await pdf.body();
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(bytes.length > 5_000, `a PDF of ${bytes.length} bytes`);
      await signOut(page);
    }));
});
