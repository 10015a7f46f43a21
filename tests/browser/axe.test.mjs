// Accessibility, phone and print checks of every portal page: the public GET
// routes are read from src/web/routes.c, each is given a real URL found by
// crawling the demo (plus one published decision, one inspection result, one
// ended decision and one correction request), and every HTML page is checked
// with axe-core (WCAG 2.0 A/AA, 2.1 A/AA, 2.2 AA; serious or critical fail)
// at 1280 px and at 390 px, where it must not scroll sideways. A decision
// page and a list page are checked in print media: navigation hidden, text
// visible. A public GET route no URL was found for fails the test, so a new
// portal page is checked as soon as it is in the route table.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { startServer, launch, run, assert, shots, publishDirect } from './lib.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Public routes that are not portal pages: the health probe, the record log
// (tlog-tiles, proofs) and the JSON API (checked by their own tests).
const notPages = [/^\/healthz$/, /^\/log\//, /^\/api\//];
const viewports = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];

/** The public GET routes of the route table, as [pattern, regex]. */
function publicRoutes() {
  const src = readFileSync('src/web/routes.c', 'utf8');
  const out = [];
  for (const m of src.matchAll(/\{"GET", "([^"]+)", ZF_PERM_PUBLIC,/g)) {
    const p = m[1];
    if (notPages.some((r) => r.test(p))) continue;
    const re = new RegExp('^' + p.split(/(<\*>|<>)/).map((s) =>
      s === '<>' ? '[^/]+' : s === '<*>' ? '.+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('') + '$');
    out.push([p, re]);
  }
  return out;
}

/** Publishes a decision, an inspection result and an ended decision;
 * resolves to their ids. */
async function publish(base, db) {
  const text = '陵川县市场监督管理局行政处罚决定书\n当事人：陵川县某某商贸有限公司\n违法事实：销售过期食品。\n处罚决定：罚款人民币五千元。\n';
  const id = await publishDirect(base, db, text, [
    { kind: 'inspection', state: 'published', title: '食品经营场所检查结果', text: '检查结果：未发现问题。\n' },
    { kind: 'decision', state: 'withdrawn', title: '已撤销的处罚案', text: '', ended: 1773000000, reason: '该处罚决定已被行政复议机关撤销' },
  ]);
  // An approved AV list version, so its version pages exist (the demo keeps
  // the default list derived from the definitions: version 0, no pages).
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', db,
    `INSERT INTO av_list (body_id, version, json, created_at, state, live_from)
     VALUES (1, 1, '{"format":"zhifa-avlist/v1","items":[]}', 1772692200, 'live', 1772692200);`]);
  return { decision: id, inspection: id + 1, ended: id + 2 };
}

/** Same-origin paths linked (href, src, GET form action) from an HTML page. */
function links(html) {
  const out = [];
  for (const m of html.matchAll(/\s(?:href|src)="(\/[^"#]*)"/g)) out.push(m[1].replaceAll('&amp;', '&'));
  return out;
}

/** Same-origin GET forms of an HTML page, as "action?name=" of their first
 * named text or search field. */
function getForms(html) {
  const out = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = (m[1].match(/action="(\/[^"?#]*)"/) || [])[1];
    if (!action || /method="post"/i.test(m[1])) continue;
    const input = m[2].match(/<input\b(?![^>]*type="(?:hidden|checkbox|radio|submit)")[^>]*name="([^"]+)"/);
    if (input) out.push(`${action}?${input[1]}=`);
  }
  return out;
}

/** Crawls the portal from SEEDS; resolves to every same-origin path found,
 * and to every GET form with a query of 销售 (the published decision's
 * violation), so search and filter results are checked too. */
async function crawl(base, seeds) {
  const seen = new Set(seeds);
  const queue = [...seeds];
  while (queue.length && seen.size < 600) {
    const path = queue.shift();
    if (/^\/(workbench|static|log|api)\b/.test(path)) continue;
    const r = await fetch(base + path, { redirect: 'manual' });
    if (!(r.headers.get('content-type') || '').startsWith('text/html')) continue;
    const html = await r.text();
    for (const l of [...links(html), ...getForms(html).map((f) => f + encodeURIComponent('销售'))]) {
      if (!seen.has(l)) {
        seen.add(l);
        queue.push(l);
      }
    }
  }
  return [...seen];
}

/** Runs axe-core on PAGE; resolves to its serious and critical violations.
 * axe is evaluated through the DevTools protocol, which the page's CSP
 * (script-src 'self') does not govern, so the page runs under its real CSP. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    resultTypes: ['violations'],
  }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(url, width, vs) {
  return vs.map((v) => `${url} @${width}px: [${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.split('\n').join(' ')}`).join('\n')).join('\n');
}

run([
  ['every public GET route of the route table has a URL', async (ctx) => {
    const { base, server } = ctx;
    ctx.ids = await publish(base, server.db);
    const { decision, inspection } = ctx.ids;
    // A correction request, filed as a citizen would.
    const r = await fetch(`${base}/decisions/${decision}/correction`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: '张三', contact: '13800000000', content: '公示的违法事实与实际情况不符，请核实更正。' }),
    });
    const filed = await r.text();
    assert(r.status === 200, `the correction is filed: ${r.status}`);
    const tracking = (filed.match(/href="\/corrections\/([^"]+)"/) || [])[1];
    assert(tracking, 'the filed page links the tracking number');
    const routes = publicRoutes();
    const seeds = ['/', ...routes.map(([p]) => p).filter((p) => !p.includes('<')),
      `/decisions/${decision}`, `/decisions/${ctx.ids.ended}`, `/inspections/${inspection}`,
      `/decisions/${decision}/correction`, `/inspections/${inspection}/correction`, `/corrections/${tracking}`];
    const found = await crawl(base, seeds);
    const officers = await (await fetch(`${base}/officers`)).text();
    const cert = (officers.match(/href="\/certificates\/([^"/]+)"/) || [])[1];
    assert(cert, 'the officers page links a certificate');
    const urls = [];
    const missing = [];
    for (const [p, re] of routes) {
      const url = found.find((u) => re.test(u.split('?')[0]));
      if (url) urls.push(url);
      else missing.push(p);
    }
    assert(missing.length === 0, `public GET routes without a URL (give the test one): ${missing.join(', ')}`);
    // Each kind of list has its own columns: every list of the first body,
    // live and its versions; the ended decision shows its reason.
    const body = urls.find((u) => /^\/lists\/[^/]+\/[^/]+$/.test(u)).split('/')[2];
    urls.push(...found.filter((u) => u.startsWith(`/lists/${body}/`) && !u.includes('?')), `/decisions/${ctx.ids.ended}`);
    // Search and filter forms, submitted once each.
    urls.push(...found.filter((u) => u.endsWith('=' + encodeURIComponent('销售'))));
    // Query variants and error pages: a certificate search with and without
    // a result, a correction lookup of an unknown number, the 404 page.
    urls.push(`/certificates?no=${encodeURIComponent(decodeURIComponent(cert))}`, '/certificates?no=XX0000',
      '/corrections?no=JC00000000000000', '/no-such-page', '/decisions/999999');
    ctx.urls = [];
    for (const u of [...new Set(urls)]) {
      const res = await fetch(base + u);
      if ((res.headers.get('content-type') || '').startsWith('text/html')) ctx.urls.push(u);
    }
    ctx.post = [[`/decisions/${decision}/correction`, { name: '', contact: '', content: '太短' }]];
    console.log(`# ${ctx.urls.length} HTML pages: ${ctx.urls.join(' ')}`);
  }],
  ...viewports.map((vp) => [`no serious or critical axe-core violations at ${vp.width} px${vp.width < 500 ? ', no sideways scrolling' : ''}`, async (ctx) => {
    const context = await ctx.browser.newContext({ viewport: vp });
    const page = await context.newPage();
    const problems = [];
    try {
      for (const u of ctx.urls) {
        await page.goto(ctx.base + u);
        problems.push(describe(u, vp.width, await axe(page)));
        if (vp.width < 500) {
          const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          if (sw > cw + 1) problems.push(`${u} @${vp.width}px: scrolls sideways (${sw} > ${cw})`);
        }
      }
      // A refused form shows its errors next to the fields.
      for (const [u, fields] of ctx.post) {
        await page.goto(ctx.base + u);
        await page.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
        for (const [k, v] of Object.entries(fields)) await page.fill(`[name=${k}]`, v);
        await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
        problems.push(describe(`${u} (refused)`, vp.width, await axe(page)));
      }
      // The verify button's answer (colours of the steps) is checked too.
      await page.goto(`${ctx.base}/decisions/${ctx.ids.decision}`);
      await page.click('[data-verify-button]');
      await page.waitForSelector('[data-verify-state]');
      problems.push(describe(`/decisions/${ctx.ids.decision} (verified)`, vp.width, await axe(page)));
      // The check can fail: an image without a text alternative is reported.
      await page.evaluate(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/static/favicon.svg">'));
      const planted = await axe(page);
      assert(planted.some((v) => v.id === 'image-alt'), `axe-core reports a planted image without alt: ${planted.map((v) => v.id)}`);
      if (vp.width < 500) {
        await page.goto(`${ctx.base}/decisions/${ctx.ids.decision}`);
        await page.screenshot({ path: `${shots}/axe-decision-390.png`, fullPage: true });
      }
    } finally {
      await context.close();
    }
    const report = problems.filter(Boolean);
    assert(report.length === 0, `accessibility problems:\n${report.join('\n')}`);
  }]),
  ['a decision page and a list page print without navigation', async (ctx) => {
    const context = await ctx.browser.newContext({ viewport: viewports[0] });
    const page = await context.newPage();
    try {
      const list = ctx.urls.find((u) => /^\/lists\/[^/]+\/[^/]+$/.test(u));
      assert(list, 'a list page');
      for (const u of [`/decisions/${ctx.ids.decision}`, list]) {
        await page.goto(ctx.base + u);
        await page.emulateMedia({ media: 'print' });
        for (const sel of ['.site-nav', '.skip-link', '.site-user']) {
          assert(await page.locator(sel).first().isHidden(), `${u}: ${sel} is hidden in print`);
        }
        assert(await page.locator('main h1').first().isVisible(), `${u}: the heading prints`);
        const text = await page.evaluate(() => document.querySelector('main').innerText.trim().length);
        assert(text > 50, `${u}: the text prints (${text} characters)`);
        const color = await page.evaluate(() => getComputedStyle(document.querySelector('main')).color);
        assert(/rgb\((0|[0-5]\d), (0|[0-5]\d), (0|[0-5]\d)\)/.test(color), `${u}: dark text in print: ${color}`);
        await page.pdf({ path: `${shots}/axe-print-${u.split('/')[1]}.pdf`, format: 'A4' });
        await page.emulateMedia({ media: 'screen' });
      }
    } finally {
      await context.close();
    }
  }],
], async () => {
  const server = await startServer();
  const browser = await launch();
  return { server, browser, base: server.base };
}, async ({ server, browser }) => {
  await browser.close();
  await server.stop();
});
