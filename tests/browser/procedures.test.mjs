// Through the workbench pages only, as a new user would: a 查封扣押 from its
// application and approval through 实施 (two officers, the party's refusal to
// sign noted with witnesses), extension (40 days refused, 30 accepted), release
// (signature drawn) and 结案 to 归档; an inspection from approval through
// notice, 现场检查 (a lone inspector refused), feedback and handling to 归档; a
// summary penalty refused above 200 yuan for a person, decided at 100 yuan,
// paid and filed (备案). Each timeline lists every step with its log mark
// (待存证, then 已存证 #N), the issued documents open as printable pages with
// their numbers.
import {
  setupPage, teardownPage, run, assert, shots, login, openStep, submitStep, completeStep,
  chooseOfficers, timelineSteps, drawSignature, fillPerson, openNewCaseForm,
} from './lib.mjs';

const me = '14052400101';
// A colleague of officer1 in the bureau (officer1 and officer2 share its domains).
const second = '14052400102';
const violation = { label: 'LY-002 景区内未经许可设摊经营' };

// Opens the new-case form of CODE as officer1; returns today's date (the form's default).
async function newCase(t, code) {
  const { page, base } = t;
  await login(page, base, 'officer1');
  await openNewCaseForm(page, base, code);
  return page.inputValue('#f-date');
}

// Submits an opening form; returns the new case's URL.
async function submitOpening(page) {
  await Promise.all([page.waitForURL(/\/workbench\/cases\/\d+\?opened=1$/), page.click('main form.case-form button[type=submit]')]);
  return page.url().replace(/\?.*$/, '');
}

// Every step of the timeline carries a log mark; after the sequencer ran
// (it integrates pending entries every 250 ms) all read 已存证 #N: looked
// at every 250 ms, for 10 s at the most.
async function checkLogMarks(page, caseUrl) {
  await page.goto(caseUrl);
  const n = await page.locator('.timeline .step').count();
  const marks = await page.locator('.timeline .step .proof').allTextContents();
  assert(marks.length === n && marks.every((m) => /^(待存证|已存证 #\d+)$/.test(m.trim())),
    `each step shows its log mark: ${marks}`);
  let integrated = [];
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    await page.reload();
    integrated = (await page.locator('.timeline .step .proof').allTextContents()).map((m) => m.trim());
    if (integrated.every((m) => /^已存证 #\d+$/.test(m))) break;
  }
  assert(integrated.length === n && integrated.every((m) => /^已存证 #\d+$/.test(m)),
    `every step is in the log after a while: ${integrated}`);
  const idx = integrated.map((m) => Number(m.replace(/\D/g, '')));
  assert(new Set(idx).size === idx.length, `each step its own log entry: ${idx}`);
  const proof = page.locator('.timeline .step a.proof').first();
  assert(/\/log\/proof\/\d+$/.test(await proof.getAttribute('href')), 'the mark links to its proof');
}

// Opens the timeline document whose link contains NAME; checks the printable
// page (no navigation, the case number, NUMBER when given) and screenshots it.
async function checkDocument(page, caseUrl, name, shot, number) {
  await page.goto(caseUrl);
  const link = page.locator('.timeline a.doc-link', { hasText: name }).first();
  assert(await link.count() === 1, `the timeline links ${name}: ${await page.locator('.timeline a.doc-link').allTextContents()}`);
  const text = await link.textContent();
  if (number) assert(/（[^（）]+〔\d{4}〕\d+号）/.test(text), `${name} shows its number: ${text}`);
  await Promise.all([page.waitForURL(/\/documents\/\d+$/), link.click()]);
  assert(await page.locator('.site-nav').count() === 0, `${name}: the print page has no navigation`);
  const body = await page.textContent('body');
  assert(body.includes(name.replace(/（.*$/, '').slice(0, 4)), `${name}: the page shows its title: ${body.slice(0, 200)}`);
  if (number) {
    const no = text.match(/（([^（）]+〔\d{4}〕\d+号)）/)[1];
    assert(body.includes(no), `${name}: the page shows its number ${no}`);
  }
  // A form's labels wrap and leave the values the room.
  const wide = await page.locator('table.doc-form th').evaluateAll((ths) => ths.filter((th) =>
    th.getBoundingClientRect().width > 0.4 * th.closest('table').getBoundingClientRect().width).map((th) => th.textContent));
  assert(wide.length === 0, `${name}: labels take most of the form: ${wide}`);
  await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: true });
}

run([
  ['查封扣押: officer applies with two officers and the party', async (t) => {
    const { page } = t;
    const day = await newCase(t, 'compulsory');
    t.day = day;
    await page.fill('#f-title', '涉嫌无照经营烟花爆竹');
    await page.check('input[name="measure"][value="seize"]');
    if (await page.locator('#f-violation_type').count()) await page.selectOption('#f-violation_type', violation);
    await page.fill('#f-basis', '《中华人民共和国行政强制法》第二十二条、第二十三条（示例）');
    await page.fill('#f-reason', '当事人在景区入口存放待售烟花爆竹，存在安全隐患，需扣押以防止证据损毁、危害发生。');
    await page.fill('#f-items', '烟花爆竹 20 箱');
    await chooseOfficers(page, me, second);
    await fillPerson(page, '李四', '14052419850202002');
    await page.screenshot({ path: `${shots}/compulsory-open-form.png`, fullPage: true });
    t.seizure = await submitOpening(page);
    assert((await timelineSteps(page)).includes('行政强制措施申请'), 'the timeline shows the application');
  }],
  ['查封扣押: leader approves, officers seize with the refusal to sign noted', async (t) => {
    const { page, base, day } = t;
    await login(page, base, 'leader1');
    await openStep(page, t.seizure, '行政强制措施审批');
    await page.check('#f-approved');
    await page.fill('#f-opinion', '同意扣押。');
    await completeStep(page, 'approval');

    await login(page, base, 'officer1');
    await openStep(page, t.seizure, '实施查封、扣押');
    await page.fill('#f-started_at', `${day}T09:00`);
    await page.fill('#f-ended_at', `${day}T10:10`);
    await page.fill('#f-place', '陵川县崇文镇景区入口');
    await chooseOfficers(page, me, second);
    await page.check('input[name="party_present"][value="present"]');
    await page.check('#f-cert_shown');
    await page.check('#f-notified');
    await page.check('#f-reasons_stated');
    await page.fill('#f-statement', '当事人称烟花爆竹为自用，不同意扣押。');
    await page.fill('#f-record', '执法人员出示执法证件，告知当事人扣押的理由、依据和救济途径，听取其陈述申辩后实施扣押。');
    await page.fill('#f-items', '烟花爆竹 20 箱（品名、规格见清单）');
    await page.fill('#f-period_days', '30');
    await page.fill('#f-custody', '示范区综合执法局物品保管室');
    // The party refuses to sign: noted, with the witnesses.
    await page.check('input[name="party_signature.refused"]');
    await page.fill('#f-party_signature-witnesses', '王五（景区管理处工作人员）');
    // 查封扣押 needs whole-process recording; this walk records the
    // equipment failure the AV list allows (tests/browser/evidence.test.mjs
    // attaches real video).
    await page.fill('#f-av_exception', '设备故障');
    await page.screenshot({ path: `${shots}/compulsory-onsite-form.png`, fullPage: true });
    await completeStep(page, 'onsite');
    const docs = await page.locator('.timeline a.doc-link').allTextContents();
    for (const d of ['现场笔录', '查封（扣押）决定书', '查封（扣押）清单'])
      assert(docs.some((x) => x.includes(d)), `the seizure issued ${d}: ${docs}`);
    assert((await page.textContent('.timeline')).includes('王五'), 'the record names the witness of the refusal');
  }],
  ['查封扣押: leader extends the period once', async (t) => {
    const { page, base, day } = t;
    await login(page, base, 'leader1');
    await openStep(page, t.seizure, '延长查封、扣押期限');
    await page.fill('#f-extended_from', day);
    await page.fill('#f-days', '40');
    await page.fill('#f-reason', '案情复杂，需进一步检验。');
    await page.fill('#f-notified_on', day);
    await submitStep(page);
    const refusal = await page.textContent('.form-error');
    assert(/\/steps\/extension$/.test(page.url()) && refusal.includes('1至30日'), `40 days refused with the law's limit: ${refusal}`);
    await page.fill('#f-days', '30');
    await completeStep(page, 'extension');
  }],
  ['查封扣押: released with the party\'s signature, closed and archived', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await openStep(page, t.seizure, '解除查封、扣押');
    await page.check('input[name="ground"][value="not_needed"]');
    await page.fill('#f-items', '烟花爆竹 20 箱');
    await page.check('#f-returned');
    const sig = await drawSignature(page);
    assert(sig.strokes.length === 1, 'the release signature is drawn');
    await page.fill('#f-av_exception', '设备故障');
    await completeStep(page, 'release');

    await login(page, base, 'leader1');
    await openStep(page, t.seizure, '结案');
    await page.fill('#f-summary', '扣押物品已依法解除并退还当事人。');
    await completeStep(page, 'closing');
    await login(page, base, 'officer1');
    await openStep(page, t.seizure, '归档');
    await page.fill('#f-archive_no', 'QZ-2026-001');
    await completeStep(page, 'archive');
    const steps = await timelineSteps(page);
    const want = ['行政强制措施申请', '行政强制措施审批', '实施查封、扣押', '延长查封、扣押期限', '解除查封、扣押', '结案', '归档'];
    assert(JSON.stringify(steps) === JSON.stringify(want), `the timeline lists every step in order: ${steps}`);
    const actions = await page.locator('.case-actions a').allTextContents();
    assert(actions.every((a) => ['行政复议申请', '行政诉讼'].includes(a.trim())),
      `an archived case offers only the remedies: ${actions}`);
    await page.screenshot({ path: `${shots}/compulsory-case.png`, fullPage: true });
  }],
  ['查封扣押: the decision with its number and the list print', async (t) => {
    const { page } = t;
    await checkDocument(page, t.seizure, '查封（扣押）决定书', 'compulsory-decision', true);
    await checkDocument(page, t.seizure, '查封（扣押）清单', 'compulsory-list', false);
    await checkDocument(page, t.seizure, '查封（扣押）延期决定书', 'compulsory-extension', true);
    await checkDocument(page, t.seizure, '解除查封（扣押）决定书', 'compulsory-release', true);
  }],
  ['查封扣押: every step is in the record log', async (t) => {
    await checkLogMarks(t.page, t.seizure);
  }],
  ['inspection: applied, approved and noticed', async (t) => {
    const { page, base } = t;
    const day = await newCase(t, 'inspection');
    t.day = day;
    await page.fill('#f-title', '景区餐饮经营场所日常检查');
    await page.check('input[name="source"][value="routine"]');
    await page.fill('#f-basis', '《风景名胜区条例》（示例）');
    await page.fill('#f-scope', '经营许可、消防通道、食品安全。');
    await page.fill('#f-planned_on', day);
    await page.check('input[name="mode"][value="announced"]');
    await chooseOfficers(page, me, second);
    if (await page.locator('#f-parties-0-name').count()) await fillPerson(page, '赵六', '14052419900303003');
    t.inspection = await submitOpening(page);

    await login(page, base, 'leader1');
    await openStep(page, t.inspection, '行政检查审批');
    await page.check('#f-approved');
    await page.fill('#f-opinion', '同意检查。');
    await completeStep(page, 'approval');

    await login(page, base, 'officer1');
    await openStep(page, t.inspection, '行政检查通知');
    await page.fill('#f-inspect_on', day);
    await page.selectOption('#f-method', 'direct');
    await page.fill('#f-served_on', day);
    await completeStep(page, 'notice');
    assert((await page.locator('.timeline a.doc-link').allTextContents()).some((d) => /行政检查通知书（.+号）/.test(d)),
      'the notice is issued with its number');
  }],
  ['inspection: on-site inspection by two officers, feedback, handling, archived', async (t) => {
    const { page, base } = t;
    const day = t.day;
    await openStep(page, t.inspection, '现场检查');
    await page.fill('#f-started_at', `${day}T14:00`);
    await page.fill('#f-ended_at', `${day}T14:45`);
    await page.fill('#f-place', '景区入口餐饮店');
    await chooseOfficers(page, me);
    await page.fill('#f-present', '赵六（经营者）');
    await page.check('#f-rights_informed');
    await page.fill('#f-record', '检查营业执照、食品经营许可证、消防通道，均符合要求。');
    await drawSignature(page);
    await submitStep(page);
    const refusal = await page.textContent('.form-error');
    assert(/\/steps\/site_inspection$/.test(page.url()) && refusal.includes('不得少于两人'), `a lone inspector is refused: ${refusal}`);
    await chooseOfficers(page, me, second);
    await page.fill('#f-av_exception', '设备故障');
    await completeStep(page, 'site_inspection');

    await openStep(page, t.inspection, '检查结果告知');
    await page.check('input[name="result"][value="no_problem"]');
    await page.fill('#f-content', '本次检查未发现问题。');
    await page.selectOption('#f-method', 'direct');
    await page.fill('#f-served_on', day);
    await completeStep(page, 'feedback');

    await login(page, base, 'leader1');
    await openStep(page, t.inspection, '检查处理');
    await page.check('input[name="handling"][value="none"]');
    await page.fill('#f-detail', '未发现问题，无需处理。');
    await completeStep(page, 'handling');
    await openStep(page, t.inspection, '检查办结');
    await page.fill('#f-summary', '检查完毕，未发现问题。');
    await completeStep(page, 'closing');
    await login(page, base, 'officer1');
    await openStep(page, t.inspection, '归档');
    await page.fill('#f-archive_no', 'JC-2026-001');
    await completeStep(page, 'archive');
    const steps = await timelineSteps(page);
    const want = ['行政检查申请', '行政检查审批', '行政检查通知', '现场检查', '检查结果告知', '检查处理', '检查办结', '归档'];
    assert(JSON.stringify(steps) === JSON.stringify(want), `the timeline lists every step in order: ${steps}`);
    await page.screenshot({ path: `${shots}/inspection-case.png`, fullPage: true });
    await checkDocument(page, t.inspection, '行政检查通知书', 'inspection-notice', true);
    await checkDocument(page, t.inspection, '现场检查', 'inspection-record', false);
    await checkLogMarks(page, t.inspection);
  }],
  ['summary penalty: 500 yuan for a person is refused, 100 yuan is decided on the spot', async (t) => {
    const { page } = t;
    const day = await newCase(t, 'penalty_summary');
    await page.fill('#f-started_at', `${day}T16:00`);
    await page.fill('#f-place', '景区入口');
    await chooseOfficers(page, me, second);
    await page.fill('#f-title', '景区内未经许可设摊经营');
    await page.selectOption('#f-violation_type', violation);
    await page.check('#f-facts_certain');
    await page.fill('#f-facts', '当事人在景区入口未经许可设摊销售饮料，当场改正。');
    await page.fill('#f-basis', '《风景名胜区条例》第二十九条、第四十三条（示例）');
    await page.check('input[name="penalty_types"][value="fine"]');
    await page.fill('#f-fine', '500');
    await page.check('#f-informed');
    await page.fill('#f-statement', '当事人无异议。');
    await page.fill('#f-payment', '十五日内到指定银行缴纳。');
    await fillPerson(page, '孙七', '14052419950404004');
    await drawSignature(page);
    await submitStep(page);
    assert(/\/workbench\/cases\/new\/penalty_summary$/.test(page.url()), `the refused form stays: ${page.url()}`);
    const refusal = await page.textContent('.form-error');
    assert(refusal.includes('简易程序限额') && refusal.includes('二百元') && refusal.includes('第五十一条'),
      `the refusal names the 200-yuan limit and its article: ${refusal}`);
    assert(await page.inputValue('#f-fine') === '500', 'the form keeps the fine');
    assert(await page.inputValue('#f-parties-0-name') === '孙七', 'the form keeps the party');
    await page.screenshot({ path: `${shots}/summary-refusal.png`, fullPage: true });
    await page.fill('#f-fine', '100');
    await page.fill('#f-av_exception', '设备故障'); // 当场处罚 asks for an AV record (AV list)
    if (!(await page.inputValue('input.signature-data').catch(() => ''))) await drawSignature(page);
    t.summary = await submitOpening(page);
    const main = await page.textContent('main');
    assert(main.includes('100.00'), 'the case shows the 100-yuan fine');
    const docs = await page.locator('.timeline a.doc-link').allTextContents();
    assert(docs.some((d) => /当场行政处罚决定书（.+号）/.test(d)), `the summary decision is numbered: ${docs}`);
    await page.screenshot({ path: `${shots}/summary-case.png`, fullPage: true });
    await checkDocument(page, t.summary, '当场行政处罚决定书', 'summary-decision', true);
  }],
  ['summary penalty: the fine is paid and the case filed on record', async (t) => {
    const { page } = t;
    await openStep(page, t.summary, '缴纳罚款');
    await page.fill('#f-paid_on', t.day);
    await page.fill('#f-amount', '100');
    await page.check('input[name="channel"][value="bank"]');
    await page.fill('#f-receipt_no', 'JK-0001');
    await page.check('#f-paid');
    await completeStep(page, 'payment');
    await openStep(page, t.summary, '备案');
    await page.fill('#f-filed_with', '示范区综合执法局法制机构');
    await page.fill('#f-note', '当场处罚决定书副本已报备。');
    await completeStep(page, 'filing_record');
    const steps = await timelineSteps(page);
    assert(JSON.stringify(steps) === JSON.stringify(['当场处罚', '缴纳罚款', '备案']), `the timeline lists every step: ${steps}`);
    await checkLogMarks(page, t.summary);
  }],
  ['no script or content-security errors in the console', async ({ errors }) => {
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
  }],
],
// Refused forms answer 4xx on purpose; every other console error counts.
() => setupPage(/status of 4(09|22|03)/, { width: 1280, height: 900 }), teardownPage);
