// A registrar signs in, adds an officer, and a citizen finds the certificate on the portal.
import { setupPage, teardownPage, run, assert, shots } from './lib.mjs';

const cert = '14052499901';

run([
  ['portal home and officer list render', async ({ page, base }) => {
    await page.goto(`${base}/`);
    assert(await page.locator('h1').first().textContent() !== '', 'home has a heading');
    await page.goto(`${base}/officers`);
    const rows = await page.locator('tbody tr').count();
    assert(rows === 30, `officer list shows 30 demo officers, got ${rows}`);
    await page.screenshot({ path: `${shots}/officers.png`, fullPage: true });
  }],
  ['registrar logs in', async ({ page, base }) => {
    await page.goto(`${base}/login`);
    await page.fill('#login', 'registrar1');
    await page.fill('#password', 'demo');
    await Promise.all([page.waitForURL(/\/workbench/), page.click('main button[type=submit]')]);
    const text = await page.textContent('main');
    assert(text.includes('registrar1'), 'workbench greets the registrar');
  }],
  ['invalid officer form keeps what was typed and names the field', async ({ page, base }) => {
    await page.goto(`${base}/workbench/officers/new`);
    await page.selectOption('#body_id', { index: 1 });
    await page.fill('#name', '测试人员');
    await page.fill('#cert_no', cert);
    await page.fill('#issuer', '陵川县人民政府');
    await page.fill('#valid_from', '2026-01-01');
    await page.fill('#valid_to', '2025-01-01');
    await page.click('main button[type=submit]');
    const err = await page.locator('.field-error').allTextContents();
    assert(err.some((t) => t.includes('有效期')), `error names the validity field: ${err}`);
    assert(await page.inputValue('#name') === '测试人员', 'the form keeps the name typed');
    await page.screenshot({ path: `${shots}/officer-form-error.png`, fullPage: true });
  }],
  ['registrar adds an officer', async ({ page, base }) => {
    await page.fill('#valid_to', '2030-12-31');
    await Promise.all([page.waitForURL(/\/workbench\/officers\/\d+/), page.click('main button[type=submit]')]);
    const text = await page.textContent('main');
    assert(text.includes(cert) && text.includes('测试人员'), 'the officer page shows the new officer');
  }],
  ['citizen checks the certificate', async ({ page, base }) => {
    const ctx = await page.context().browser().newContext();
    const p = await ctx.newPage();
    await p.goto(`${base}/certificates`);
    await p.fill('#cert-no', cert);
    await Promise.all([p.waitForURL(new RegExp(`/certificates/${cert}$`)), p.click('main button[type=submit]')]);
    const verdict = await p.textContent('.verdict-big');
    assert(verdict.trim() === '有效', `verdict is 有效, got ${verdict}`);
    assert((await p.textContent('main')).includes('测试人员'), 'shows the officer name');
    await p.screenshot({ path: `${shots}/certificate.png`, fullPage: true });
    await p.setViewportSize({ width: 375, height: 740 });
    await p.screenshot({ path: `${shots}/certificate-phone.png`, fullPage: true });
    await ctx.close();
  }],
  ['pages work without JavaScript', async ({ page, base }) => {
    const ctx = await page.context().browser().newContext({ javaScriptEnabled: false });
    const p = await ctx.newPage();
    await p.goto(`${base}/certificates?no=14052400110`);
    assert((await p.textContent('.verdict-big')).trim() === '已吊销', 'revoked verdict without JS');
    await ctx.close();
  }],
  ['no script or content-security errors in the console', async ({ errors }) => {
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
  }],
],
// The refused form answers 422 on purpose; every other console error counts.
() => setupPage(/status of 422/), teardownPage);
