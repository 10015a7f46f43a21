// Legal review of a major case: the case page says why the case is major,
// the officer submits it for review with its package, the leader assigns the
// reviewer, the reviewer answers the eight points and agrees, and only then
// the leader decides; the gate's refusal before the review is shown on the
// decision form.
import { setupPage, teardownPage, run, assert, shots, login, openStep, submitStep } from './lib.mjs';

run([
  ['the case page names the catalog rules of a major case', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await page.goto(`${base}/workbench/cases?mine=0&q=${encodeURIComponent('福润商贸')}`);
    const link = page.locator('main tr', { hasText: '福润商贸' }).locator('a[href^="/workbench/cases/"]').first();
    assert(await link.count() === 1, `the demo case waiting for review is listed: ${await page.textContent('main')}`);
    await Promise.all([page.waitForURL(/\/workbench\/cases\/\d+$/), link.click()]);
    t.caseUrl = page.url();
    const panel = await page.textContent('#legal-review');
    assert(panel.includes('本案属于重大执法决定'), `the panel says the case is major: ${panel}`);
    assert(panel.includes('待指定审核人员'), `the panel lists the waiting version: ${panel}`);
    await page.screenshot({ path: `${shots}/review-case-panel.png`, fullPage: true });
  }],
  ['the leader cannot decide before the review', async (t) => {
    const { page, base } = t;
    await login(page, base, 'leader1');
    await openStep(page, t.caseUrl, '负责人决定（给予行政处罚）');
    await page.check('input[name="decision"][value="penalty"]');
    await page.check('input[name="penalty_types"][value="fine"]');
    await page.fill('#f-fine', '3000');
    await page.check('input[name="band"][value="general"]');
    await page.fill('#f-reason', '依法决定');
    await submitStep(page);
    const text = await page.textContent('main');
    assert(/\/steps\/decision$/.test(page.url()), `the refused form stays: ${page.url()}`);
    assert(text.includes('重大执法决定') && text.includes('法制审核'), `the refusal names the review: ${text}`);
    await page.screenshot({ path: `${shots}/review-gate-refusal.png`, fullPage: true });
  }],
  ['the officer submits the package', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await page.goto(t.caseUrl);
    await Promise.all([page.waitForURL(/\/review$/), page.click('#legal-review a:has-text("提交法制审核")')]);
    await page.fill('#situation', '当事人擅自占用人行道堆放建材约15平方米。');
    await page.fill('#evidence', '现场检查笔录、现场照片。');
    await page.fill('#basis', '《城市道路管理条例》第二十七条、第四十二条');
    await page.fill('#discretion', '一般情节，拟罚款叁仟元。');
    await page.fill('#draft', '行政处罚决定书（草稿）');
    await page.screenshot({ path: `${shots}/review-submit.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/workbench\/reviews\/\d+$/), page.click('main form button[type=submit]')]);
    t.reviewUrl = page.url();
    assert((await page.textContent('main')).includes('第2版'), 'the resubmission is version 2');
  }],
  ['the leader assigns the reviewer', async (t) => {
    const { page, base } = t;
    await login(page, base, 'leader1');
    await page.goto(`${base}/workbench/reviews`);
    assert((await page.textContent('main')).includes('等待指定审核人员'), 'the queue lists it');
    await page.goto(t.reviewUrl);
    await page.selectOption('#reviewer_id', { index: 0 });
    await Promise.all([page.waitForURL(/\?done=assign$/), page.click('#assign-form button[type=submit]')]);
  }],
  ['the review page puts the checklist beside the case material (1280 px), below it on a phone', async (t) => {
    const { page, base } = t;
    await login(page, base, 'reviewer1');
    await page.goto(t.reviewUrl);
    const text = await page.textContent('main');
    assert(text.includes('罚款金额') && text.includes('3,000.00元'), `the proposal in Chinese with 元: ${text}`);
    assert(!text.includes('penalty_types'), 'no raw field words');
    const main = await page.locator('#review-case').boundingBox();
    const side = await page.locator('#review-side').boundingBox();
    assert(main && side, 'both columns are shown');
    assert(side.x >= main.x + main.width - 1, `the checklist is right of the case material: ${JSON.stringify({ main, side })}`);
    assert(side.y < main.y + main.height && main.y < side.y + side.height, `the columns sit side by side: ${JSON.stringify({ main, side })}`);
    await page.screenshot({ path: `${shots}/review-page-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(t.reviewUrl);
    const pm = await page.locator('#review-case').boundingBox();
    const ps = await page.locator('#review-side').boundingBox();
    assert(ps.y >= pm.y + pm.height - 1, `one column on a phone: ${JSON.stringify({ pm, ps })}`);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(over <= 1, `no horizontal scrolling on a phone: ${over}px`);
    await page.screenshot({ path: `${shots}/review-page-390.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }],
  ['the reviewer answers the eight points and agrees', async (t) => {
    const { page, base } = t;
    await login(page, base, 'reviewer1');
    await page.goto(t.reviewUrl);
    const keys = ['subject', 'qualification', 'procedure', 'facts', 'law', 'powers', 'documents', 'crime'];
    for (const k of keys) {
      await page.check(`input[name="answer_${k}"][value="${k === 'crime' ? 'na' : 'yes'}"]`);
      await page.fill(`#note_${k}`, k === 'crime' ? '未发现涉嫌犯罪情形' : '经审查符合规定');
    }
    await page.check('input[name="outcome"][value="agree"]');
    await page.fill('#opinion', '事实清楚，证据确凿，程序合法，裁量适当，同意。');
    await page.screenshot({ path: `${shots}/review-checklist.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\?done=conclude$/), page.click('#conclude-form button.primary')]);
    const text = await page.textContent('main');
    assert(text.includes('法制审核意见书') && text.includes('同意'), `the opinion is issued: ${text}`);
    await page.screenshot({ path: `${shots}/review-agreed.png`, fullPage: true });
  }],
  ['the leader decides after the review', async (t) => {
    const { page, base } = t;
    await login(page, base, 'leader1');
    await openStep(page, t.caseUrl, '负责人决定（给予行政处罚）');
    await page.check('input[name="decision"][value="penalty"]');
    await page.check('input[name="penalty_types"][value="fine"]');
    await page.fill('#f-fine', '3000');
    await page.check('input[name="band"][value="general"]');
    await page.fill('#f-reason', '依法决定');
    await submitStep(page);
    assert(/\?done=decision$/.test(page.url()), `decided: ${page.url()} ${await page.textContent('main')}`);
    await page.screenshot({ path: `${shots}/review-decided.png`, fullPage: true });
  }],
  ['no script or content-security errors in the console', async ({ errors }) => {
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
  }],
],
() => setupPage(/status of 4(09|22|03)/, { width: 1280, height: 900 }), teardownPage);
