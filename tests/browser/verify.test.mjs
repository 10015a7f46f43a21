// A citizen checks a published decision in the browser: the exact bytes hash
// to the log's commitment, the entry is in the signed checkpoint; a tampered
// text fails; without WebCrypto the page offers the tlog-proof instead.
import { setupPage, teardownPage, run, assert, shots, publishDirect } from './lib.mjs';

const text = '陵川县市场监督管理局行政处罚决定书\n当事人：陵川县某某商贸有限公司\n违法事实：销售过期食品。\n处罚决定：罚款人民币五千元。\n';

run([
  ['the item page works without the button and the button verifies', async (ctx) => {
    const { page, base, server, errors } = ctx;
    ctx.id = await publishDirect(base, server.db, text);
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
