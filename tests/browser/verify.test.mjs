// A citizen checks a published decision in the browser: the exact bytes hash
// to the log's commitment, the entry is in the signed checkpoint; a tampered
// text fails; without WebCrypto the page offers the tlog-proof instead.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { setupPage, teardownPage, run, assert, shots } from './lib.mjs';

const text = '陵川县市场监督管理局行政处罚决定书\n当事人：陵川县某某商贸有限公司\n违法事实：销售过期食品。\n处罚决定：罚款人民币五千元。\n';

/** Publishes TEXT directly in the database (the publisher's use case is
 * pubcore's): a history row, its pending log entry, the publication row.
 * Resolves to the publication id once the sequencer has logged the entry. */
async function publish(base, db) {
  const salt = randomBytes(32).toString('hex');
  const commit = createHash('sha256').update(salt).update(Buffer.from(text, 'utf8')).digest('hex');
  const sql = (s) => execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, s]).toString().trim();
  const esc = (s) => s.replaceAll("'", "''");
  // One write transaction (the sequencer writes too); ids chosen inside it.
  const hid = Number(sql('SELECT coalesce(max(id), 0) + 1 FROM history;'));
  const id = Number(sql('SELECT coalesce(max(id), 0) + 1 FROM publication;'));
  const entry = `zhifa-entry/v1\ntype publication_publish\ntime 2026-03-05T06:30:00Z\nactor 0000000000000000\nrecord history:${hid}\ncommit ${commit}\n`;
  sql(`BEGIN IMMEDIATE;
    INSERT INTO history (id, at, entity, entity_id, action, after_json, salt)
    VALUES (${hid}, 1772692200, 'publication', ${id}, 'publication_publish', '${esc(text)}', '${salt}');
    INSERT INTO log_pending (created_at, entry) VALUES (1772692200, '${esc(entry)}');
    INSERT INTO publication (id, body_id, kind, case_id, state, title, party_name, doc_number,
    violation, decided_on, due_on, period_end, text, salt, drafted_at, published_at, history_id)
    VALUES (${id}, 1, 'decision', (SELECT min(id) FROM cases), 'published', '销售过期食品案', '陵川县某某商贸有限公司',
    '陵市监罚〔2026〕12号', '销售过期食品', '2026-03-02', '2026-03-11', '2029-03-04', '${esc(text)}', '${salt}',
    1772692200, 1772692200, ${hid});
    COMMIT;`);
  for (let i = 0; i < 100; i++) {
    const page = await (await fetch(`${base}/decisions/${id}`)).text();
    if (page.includes('data-verify-button')) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the entry was not logged');
}

run([
  ['the item page works without the button and the button verifies', async (ctx) => {
    const { page, base, server, errors } = ctx;
    ctx.id = await publish(base, server.db);
    await page.goto(`${base}/decisions/${ctx.id}`);
    assert((await page.textContent('.pub-body')) === text, 'the page shows the text');
    await page.click('[data-verify-button]');
    await page.waitForSelector('[data-verify-state]');
    const state = await page.getAttribute('[data-verify]', 'data-verify-state');
    const steps = await page.locator('[data-verify-steps] li').allTextContents();
    assert(state === 'ok', `verification succeeds: ${await page.textContent('[data-verify-result]')} ${steps}`);
    assert(steps.length === 3, `three steps: ${steps}`);
    assert(steps[0].startsWith('文本哈希一致'), steps[0]);
    assert(/已收录于记录日志第 \d+ 条/.test(steps[1]), steps[1]);
    assert(steps[2].startsWith('检查点签名有效'), steps[2]);
    assert(errors.length === 0, `no script errors: ${errors}`);
    await page.screenshot({ path: `${shots}/verify-ok.png`, fullPage: true });
  }],
  ['a tampered text fails', async ({ page, base, id }) => {
    await page.route(`**/decisions/${id}/text`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace('五千', '五百');
      await route.fulfill({ response: res, body });
    });
    await page.goto(`${base}/decisions/${id}`);
    await page.click('[data-verify-button]');
    await page.waitForSelector('[data-verify-state]');
    assert(await page.getAttribute('[data-verify]', 'data-verify-state') === 'fail', 'tampering is detected');
    const steps = await page.locator('[data-verify-steps] li.fail').allTextContents();
    assert(steps.length === 1 && steps[0].startsWith('文本哈希不一致'), `the hash step fails: ${steps}`);
    const result = await page.textContent('[data-verify-result]');
    assert(result.includes('核验未通过'), result);
    await page.unroute(`**/decisions/${id}/text`);
  }],
  ['without WebCrypto the page offers the tlog-proof', async ({ browser, base, id }) => {
    const p = await browser.newPage();
    await p.addInitScript(() => { Object.defineProperty(window.crypto, 'subtle', { value: undefined }); });
    await p.goto(`${base}/decisions/${id}`);
    await p.waitForSelector('[data-verify-state=unsupported]');
    assert(await p.isHidden('[data-verify-button]'), 'no button without WebCrypto');
    const result = await p.textContent('[data-verify-result]');
    assert(result.includes('WebCrypto') && result.includes('离线核验'), result);
    assert(await p.getAttribute('[data-verify-offline]', 'open') !== null, 'the offline help is open');
    const href = await p.getAttribute('[data-verify-offline] a[href^="/log/proof/"]', 'href');
    const proof = await (await fetch(base + href)).text();
    assert(proof.startsWith('c2sp.org/tlog-proof@v1\n'), 'the link gives the tlog-proof');
    assert((await p.textContent('[data-verify-offline] pre')).includes('zhifa log prove'), 'the command is shown');
    await p.screenshot({ path: `${shots}/verify-fallback.png`, fullPage: true });
    await p.close();
  }],
], () => setupPage(/status of 40[04]/), teardownPage);
