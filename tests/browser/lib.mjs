// Browser test helpers: a real zhifa server on a free loopback port, Debian's
// chromium driven by playwright-core, and TAP output for tools/run-tests.
import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const bin = process.env.ZF_BIN || 'build/zhifa';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts zhifa on a fresh demo database; resolves to { base, db, stop }. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'zf-browser-'));
  const db = join(dir, 'zhifa.db');
  execFileSync(bin, ['init', '--db', db, '--demo'], { stdio: 'ignore' });
  const port = await freePort();
  const proc = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    db,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Debian chromium with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.ZF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const shots = 'build/screenshots';
mkdirSync(shots, { recursive: true });

/** Runs named async tests in order and prints TAP; exits 1 on any failure. */
export async function run(tests, setup, teardown) {
  let n = 0, failed = 0;
  console.log(`1..${tests.length}`);
  let ctx;
  try {
    ctx = await setup();
  } catch (e) {
    for (const [name] of tests) console.log(`not ok ${++n} - ${name} # setup failed: ${e.message}`);
    process.exit(1);
  }
  for (const [name, fn] of tests) {
    n++;
    try {
      await fn(ctx);
      console.log(`ok ${n} - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok ${n} - ${name}`);
      console.log(`# ${String(e.stack || e).split('\n').join('\n# ')}`);
    }
  }
  await teardown(ctx);
  process.exit(failed ? 1 : 0);
}

/** A server, a browser and a page whose script errors and console errors
 * (except those matching IGNORE: refused forms answer 4xx on purpose) are
 * collected in ERRORS; for run(). */
export async function setupPage(ignore, viewport) {
  const server = await startServer();
  const browser = await launch();
  const page = await browser.newPage(viewport ? { viewport } : {});
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !ignore.test(m.text())) errors.push(m.text());
  });
  return { server, browser, page, base: server.base, errors };
}

/** Ends what setupPage started. */
export async function teardownPage({ server, browser }) {
  await browser.close();
  await server.stop();
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Publishes decision TEXT of body 1 directly in the database of the server
 * at BASE (the publisher's use case is pubcore's): a history row, its pending
 * log entry, the publication row; then the rows of OTHERS ({ kind, state,
 * title, text, ended, reason }, no log entry) with the next ids. Resolves to
 * the decision's publication id once the sequencer has logged the entry. */
export async function publishDirect(base, db, text, others = []) {
  const salt = randomBytes(32).toString('hex');
  const commit = createHash('sha256').update(salt).update(Buffer.from(text, 'utf8')).digest('hex');
  const sql = (s) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, s]).toString().trim();
  const esc = (s) => s.replaceAll("'", "''");
  // One write transaction (the sequencer writes too); ids chosen inside it.
  const hid = Number(sql('SELECT coalesce(max(id), 0) + 1 FROM history;'));
  const id = Number(sql('SELECT coalesce(max(id), 0) + 1 FROM publication;'));
  const entry = `zhifa-entry/v1\ntype publication_publish\ntime 2026-03-05T06:30:00Z\nactor 0000000000000000\nrecord history:${hid}\ncommit ${commit}\n`;
  const row = (pid, o, h) =>
    `INSERT INTO publication (id, body_id, kind, case_id, state, title, party_name, doc_number,
    violation, decided_on, due_on, period_end, text, salt, drafted_at, published_at, ended_at, end_reason, history_id)
    VALUES (${pid}, 1, '${o.kind}', (SELECT min(id) FROM cases), '${o.state}', '${esc(o.title)}', '陵川县某某商贸有限公司',
    '陵市监罚〔2026〕12号', '销售过期食品', '2026-03-02', '2026-03-11', '2029-03-04', '${esc(o.text)}',
    '${o.text ? salt : ''}', 1772692200, 1772692200, ${o.ended || 0}, '${esc(o.reason || '')}', ${h});`;
  sql(`BEGIN IMMEDIATE;
    INSERT INTO history (id, at, entity, entity_id, action, after_json, salt)
    VALUES (${hid}, 1772692200, 'publication', ${id}, 'publication_publish', '${esc(text)}', '${salt}');
    INSERT INTO log_pending (created_at, entry) VALUES (1772692200, '${esc(entry)}');
    ${row(id, { kind: 'decision', state: 'published', title: '销售过期食品案', text }, hid)}
    ${others.map((o, i) => row(id + 1 + i, o, 0)).join('\n')}
    COMMIT;`);
  for (let i = 0; i < 100; i++) {
    const page = await (await fetch(`${base}/decisions/${id}`)).text();
    if (page.includes('data-verify-button')) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the entry was not logged');
}

// Case workbench helpers shared by the case tests.

/** A 居民身份证 number with its GB 11643 check character. */
export function idCard(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[s % 11];
}

/** Signs in as WHO (password "demo") through the login form. */
export async function login(page, base, who) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.fill('#login', who);
  await page.fill('#password', 'demo');
  await Promise.all([page.waitForURL(/\/workbench/), page.click('main button[type=submit]')]);
}

/** Opens the step form named NAME from the case page's actions. */
export async function openStep(page, caseUrl, name) {
  await page.goto(caseUrl);
  const link = page.locator('.case-actions a', { hasText: name }).first();
  assert(await link.count() === 1, `the case page offers “${name}”: ${await page.textContent('.case-actions')}`);
  await Promise.all([page.waitForURL(/\/steps\//), link.click()]);
}

/** Submits the case form on the page and waits for the answer. */
export async function submitStep(page) {
  await Promise.all([page.waitForLoadState('load'), page.click('main form.case-form button[type=submit]')]);
}

/** Submits the step form and checks the case page reports step CODE done. */
export async function completeStep(page, code) {
  await submitStep(page);
  assert(new RegExp(`\\/workbench\\/cases\\/\\d+\\?done=${code}$`).test(page.url()),
    `${code} done: ${page.url()} ${await page.textContent('main')}`);
}

/** Checks the officer whose certificate number is CERT. */
export async function checkOfficer(page, cert) {
  await page.locator('label.choice', { hasText: cert }).locator('input').check();
}

/** Leaves exactly the officers with certificate numbers CERTS checked. */
export async function chooseOfficers(page, ...certs) {
  for (const box of await page.locator('#f-officers input[type=checkbox]').all()) await box.uncheck();
  for (const c of certs) await checkOfficer(page, c);
}

/** The step names of the case page's timeline, in order. */
export async function timelineSteps(page) {
  return (await page.locator('.timeline .step h3').allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, '').trim());
}

/** Draws one stroke on the signature pad; returns the recorded signature. */
export async function drawSignature(page) {
  const canvas = page.locator('.signature-pad canvas');
  await canvas.scrollIntoViewIfNeeded();
  const pad = await canvas.boundingBox();
  await page.mouse.move(pad.x + 30, pad.y + 30);
  await page.mouse.down();
  await page.mouse.move(pad.x + 160, pad.y + 70, { steps: 6 });
  await page.mouse.up();
  return JSON.parse(await page.inputValue('input.signature-data'));
}

/** Fills the first party of an opening form as a person. */
export async function fillPerson(page, name, first17) {
  await page.check('input[name="parties[0].kind"][value="person"]');
  await page.fill('#f-parties-0-name', name);
  await page.selectOption('#f-parties-0-id_type', 'id_card');
  await page.fill('#f-parties-0-id_number', idCard(first17));
  await page.fill('#f-parties-0-address', '陵川县崇文镇');
  await page.fill('#f-parties-0-phone', '13800000000');
}

/** Opens a new case of procedure CODE from the choice page. */
export async function openNewCaseForm(page, base, code) {
  await page.goto(`${base}/workbench/cases/new`);
  await Promise.all([page.waitForURL(new RegExp(`/workbench/cases/new/${code}$`)),
    page.click(`a[href="/workbench/cases/new/${code}"] >> nth=0`)]);
}
