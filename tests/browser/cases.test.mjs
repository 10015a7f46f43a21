// An officer files an ordinary-procedure penalty case with its party, the
// leader approves the filing and assigns two officers, an inquiry by a single
// officer is refused with the law's words (then recorded by two, the party's
// signature drawn on the pad), the investigation report is reviewed
// and the officer gives the prior notice (事先告知); the timeline shows every
// step, the case its deadlines, and the notice prints as a document.
import {
  setupPage, teardownPage, run, assert, shots, login, openStep, submitStep, checkOfficer,
  chooseOfficers, timelineSteps, drawSignature, fillPerson, openNewCaseForm,
} from './lib.mjs';

const title = '涉嫌未取得许可从事经营活动';
// The second officer: a colleague of officer1 in the bureau (any two of its
// officers share the bureau's domains), chosen by certificate number.
const second = '14052400103';

run([
  ['officer opens a penalty case with its party', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await openNewCaseForm(page, base, 'penalty_ordinary');
    await page.check('input[name="source_type"][value="inspection"]');
    await page.fill('#f-title', title);
    await page.fill('#f-clue', '巡查发现当事人在景区入口未经许可经营餐饮。');
    await fillPerson(page, '张三', '14052419800101001');
    await page.screenshot({ path: `${shots}/case-open-form.png`, fullPage: true });
    await Promise.all([page.waitForURL(/\/workbench\/cases\/\d+\?opened=1$/), page.click('main form.case-form button[type=submit]')]);
    t.caseUrl = page.url().replace(/\?.*$/, '');
    const main = await page.textContent('main');
    assert(main.includes(title), 'the case page shows the 案由');
    assert(main.includes('张三'), 'the case page shows the party');
    const steps = await timelineSteps(page);
    assert(steps.includes('案件来源登记'), `the timeline shows the opening step: ${steps}`);
    const deadlines = await page.locator('table.deadlines tbody tr').count();
    assert(deadlines >= 1, 'the case page shows a deadline');
  }],
  ['the case list shows the new case', async ({ page, base }) => {
    await page.goto(`${base}/workbench/cases`);
    const text = await page.textContent('table.cases');
    assert(text.includes(title), 'my cases list the new case');
    assert(text.includes('张三'), 'the list names the party');
    await Promise.all([page.waitForURL(/mine=0/), page.click('nav.tabs a:has-text("全部案件")')]);
    await page.selectOption('#f-status', 'open');
    await page.fill('#f-q', '未取得许可');
    await Promise.all([page.waitForURL(/status=open/), page.click('form.filter button[type=submit]')]);
    const rows = await page.locator('table.cases tbody tr').allTextContents();
    assert(rows.length >= 1 && rows.every((r) => r.includes('未取得许可')), `the filter finds the case by its 案由: ${rows}`);
  }],
  ['leader approves the filing', async (t) => {
    const { page, base } = t;
    await login(page, base, 'leader1');
    await openStep(page, t.caseUrl, '立案审批');
    await page.selectOption('#f-violation_type', { label: 'LY-002 景区内未经许可设摊经营' });
    await page.fill('#f-act_date', await page.inputValue('#f-date'));
    await page.fill('#f-grounds', '有初步证据证明存在违法行为，属于本机关管辖，依法应予处罚。');
    await page.fill('#f-opinion', '同意立案。');
    await submitStep(page);
    assert(/\/workbench\/cases\/\d+\?done=filing$/.test(page.url()), `filed: ${page.url()} ${await page.textContent('main')}`);
    const steps = await timelineSteps(page);
    assert(steps.includes('立案审批'), `the timeline shows the filing: ${steps}`);
  }],
  ['leader assigns officer1 and a colleague', async (t) => {
    const { page } = t;
    await openStep(page, t.caseUrl, '指定承办人员');
    await chooseOfficers(page, '14052400101', second);
    await submitStep(page);
    assert(/\?done=assign_officers$/.test(page.url()), `assigned: ${page.url()} ${await page.textContent('main')}`);
    const officers = await page.textContent('ul.officers');
    assert(officers.includes('14052400101') && officers.includes(second), `both officers assigned: ${officers}`);
  }],
  ['an inquiry by a single officer is refused with the law\'s words', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await openStep(page, t.caseUrl, '询问');
    const day = await page.inputValue('#f-date');
    await page.fill('#f-started_at', `${day}T09:00`);
    await page.fill('#f-ended_at', `${day}T09:40`);
    await page.fill('#f-place', '示范区综合执法局询问室');
    await page.fill('#f-interviewee', '张三');
    await page.check('input[name="interviewee_role"][value="party"]');
    await page.check('#f-rights_informed');
    await page.fill('#f-record', '问：你是否在景区入口经营餐饮？\n答：是。');
    // No recording attached (issue 6): the reason the default AV list allows.
    assert(await page.isVisible('#f-av_exception'), 'the step asks for the reason when there is no AV record');
    await page.fill('#f-av_exception', '设备故障');
    // The party signs on the pad: the strokes go into the hidden input.
    const sig = await drawSignature(page);
    assert(sig.strokes.length === 1 && sig.strokes[0].length >= 4 && sig.w > 0, `strokes recorded: ${JSON.stringify(sig)}`);
    await chooseOfficers(page, '14052400101');
    await submitStep(page);
    assert(/\/steps\/inquiry$/.test(page.url()), 'the refused form stays on the step');
    const refusal = await page.textContent('.form-error');
    assert(refusal.includes('不得少于两人'), `the refusal states the two-officer rule: ${refusal}`);
    assert((await page.inputValue('#f-place')) === '示范区综合执法局询问室', 'the form keeps what was typed');
    assert(JSON.parse(await page.inputValue('input.signature-data')).strokes.length === 1, 'the signature is kept');
    await page.screenshot({ path: `${shots}/case-guard-refusal.png`, fullPage: true });
    await checkOfficer(page, second);
    await submitStep(page);
    assert(/\?done=inquiry$/.test(page.url()), `inquiry recorded: ${page.url()} ${await page.textContent('main')}`);
    const docs = await page.locator('.timeline a.doc-link').allTextContents();
    assert(docs.some((d) => d.includes('询问笔录')), `the inquiry issued its record: ${docs}`);
    assert((await page.textContent('.timeline')).includes('已签名'), 'the record shows the signature');
  }],
  ['officer reports, the reviewer agrees, the officer gives the prior notice', async (t) => {
    const { page, base } = t;
    await openStep(page, t.caseUrl, '调查终结报告');
    await checkOfficer(page, '14052400101');
    await checkOfficer(page, second);
    await page.fill('#f-facts', '当事人于景区入口未经许可经营餐饮，违法事实清楚。');
    await page.fill('#f-evidence', '现场检查笔录、询问笔录、现场照片。');
    await page.fill('#f-basis', '违反《示例条例》第十条，依据第三十条处罚。');
    await page.check('input[name="proposal"][value="penalty"]');
    await page.check('input[name="penalty_types"][value="warning"]');
    await page.check('input[name="band"][value="minor"]');
    await page.check('#f-first_offence');
    await page.fill('#f-reason', '初次违法，情节轻微，给予警告。');
    await submitStep(page);
    assert(/\?done=investigation_report$/.test(page.url()), `reported: ${page.url()} ${await page.textContent('main')}`);

    await login(page, base, 'reviewer1');
    await page.goto(t.caseUrl);
    if (await page.locator('.case-actions a', { hasText: '案件审核' }).count()) {
      await openStep(page, t.caseUrl, '案件审核');
      await page.check('input[name="review_opinion"][value="agree"]');
      await page.fill('#f-opinion_text', '事实清楚，证据确凿，处理适当，同意。');
      await submitStep(page);
      assert(/\?done=case_review$/.test(page.url()), `reviewed: ${page.url()} ${await page.textContent('main')}`);
    }

    await login(page, base, 'officer1');
    await openStep(page, t.caseUrl, '行政处罚事先告知');
    await page.fill('#f-facts', '当事人于景区入口未经许可经营餐饮。');
    await page.fill('#f-evidence', '现场检查笔录、询问笔录、现场照片。');
    await page.fill('#f-basis', '违反《示例条例》第十条，依据第三十条处罚。');
    await page.check('input[name="penalty_types"][value="warning"]');
    await page.check('input[name="band"][value="minor"]');
    await submitStep(page);
    assert(/\?done=notice$/.test(page.url()), `notified: ${page.url()} ${await page.textContent('main')}`);
    const steps = await timelineSteps(page);
    for (const s of ['案件来源登记', '立案审批', '指定承办人员', '询问', '调查终结报告', '行政处罚事先告知'])
      assert(steps.includes(s), `the timeline shows ${s}: ${steps}`);
    const deadlines = await page.locator('table.deadlines tbody tr').allTextContents();
    assert(deadlines.some((d) => /\d{4}年\d{1,2}月\d{1,2}日/.test(d)), `a deadline with its date: ${deadlines}`);
    await page.screenshot({ path: `${shots}/case-page.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: `${shots}/case-page-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }],
  ['a form of an older version of the case is refused, keeping what was typed', async (t) => {
    const { page } = t;
    await openStep(page, t.caseUrl, '询问');
    const version = Number(await page.inputValue('input[name=version]'));
    await page.locator('input[name=version]').evaluate((e, v) => { e.value = String(v); }, version - 1);
    await page.fill('#f-place', '现场');
    await submitStep(page);
    const refusal = await page.textContent('.form-error');
    assert(refusal.includes('已被他人更新'), `the conflict is explained: ${refusal}`);
    assert(await page.inputValue('#f-place') === '现场', 'the form keeps what was typed');
    assert(Number(await page.inputValue('input[name=version]')) === version, 'the form now carries the current version');
  }],
  ['the prior notice prints as a document', async (t) => {
    const { page } = t;
    await page.goto(t.caseUrl);
    const doc = page.locator('.timeline a.doc-link', { hasText: '行政处罚事先告知书' }).first();
    assert(await doc.count() === 1, 'the notice step links its document');
    await Promise.all([page.waitForURL(/\/documents\/\d+$/), doc.click()]);
    assert(await page.locator('.site-nav').count() === 0, 'the print page has no navigation');
    assert((await page.textContent('main')).includes('告知'), 'the document shows its text');
    await page.screenshot({ path: `${shots}/case-document.png`, fullPage: true });
  }],
  ['the case page and deadlines work without JavaScript', async (t) => {
    const ctx = await t.page.context().browser().newContext({ javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${t.base}/login`);
    await p.fill('#login', 'officer1');
    await p.fill('#password', 'demo');
    await Promise.all([p.waitForURL(/\/workbench/), p.click('main button[type=submit]')]);
    await p.goto(t.caseUrl);
    assert((await timelineSteps(p)).includes('行政处罚事先告知'), 'the timeline without JS');
    await p.goto(`${t.caseUrl}/steps/inquiry`);
    assert(await p.locator('.signature-pad canvas').count() === 0, 'no pad without JS');
    assert(await p.locator('input[name="party_signature.refused"]').count() === 1 &&
      await p.locator('#f-party_signature-witnesses').count() === 1, 'the noted refusal with witnesses instead');
    await p.goto(`${t.base}/workbench/deadlines`);
    assert(await p.locator('h1').textContent() === '逾期和临近期限', 'the deadline dashboard renders');
    await ctx.close();
  }],
  ['no script or content-security errors in the console', async ({ errors }) => {
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
  }],
],
// Refused forms answer 4xx on purpose; every other console error counts.
() => setupPage(/status of 4(09|22|03)/, { width: 1280, height: 900 }), teardownPage);
