// Interoperability: tus-js-client (the client Uppy and many apps use) uploads
// to zhifa's /api/v1/uploads with a bearer token and small chunks, is
// interrupted and resumes from the server's offset; HEAD and GET then show
// the upload complete with the right SHA-256. Prints TAP.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as tus from 'tus-js-client';
import { startServer, run, assert } from '../browser/lib.mjs';

const bin = process.env.ZF_BIN || 'build/zhifa';
const SIZE = 3 * 1024 * 1024 + 12345;
const CHUNK = 256 * 1024;

/** Uploads DATA (resuming at URL when given); resolves to the upload URL.
 * STOP_AT: abort once that many bytes were sent, resolving to the URL. */
function upload(ctx, data, { url, stopAt } = {}) {
  return new Promise((resolve, reject) => {
    const up = new tus.Upload(data, {
      endpoint: `${ctx.server.base}/api/v1/uploads`,
      uploadUrl: url || null,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { Authorization: `Bearer ${ctx.token}` },
      metadata: { filename: '执法记录仪.mp4', filetype: 'video/mp4' },
      onProgress(sent) {
        if (stopAt && sent >= stopAt) {
          up.abort().then(() => resolve(up.url), reject);
          stopAt = 0;
        }
      },
      onSuccess: () => resolve(up.url),
      onError: reject,
    });
    up.start();
  });
}

async function head(ctx, url) {
  const r = await fetch(url, {
    method: 'HEAD',
    headers: { Authorization: `Bearer ${ctx.token}`, 'Tus-Resumable': '1.0.0' },
  });
  assert(r.status === 200, `HEAD ${url}: ${r.status}`);
  assert(r.headers.get('tus-resumable') === '1.0.0', 'Tus-Resumable on HEAD');
  return r;
}

const tests = [
  ['tus-js-client uploads in small chunks, resumes after an abort, ends complete with the right SHA-256', async (ctx) => {
    const data = randomBytes(SIZE);
    const want = createHash('sha256').update(data).digest('hex');
    const url = await upload(ctx, data, { stopAt: SIZE / 3 });
    assert(/\/api\/v1\/uploads\/[0-9a-f]{32}$/.test(url), `upload URL ${url}`);
    const mid = Number((await head(ctx, url)).headers.get('upload-offset'));
    assert(mid > 0 && mid < SIZE, `offset after the abort: ${mid}`);
    const again = await upload(ctx, data, { url });
    assert(again === url, `resumed at the same URL: ${again}`);
    const h = await head(ctx, url);
    assert(Number(h.headers.get('upload-offset')) === SIZE, `HEAD offset ${h.headers.get('upload-offset')}`);
    assert(Number(h.headers.get('upload-length')) === SIZE, 'HEAD length');
    const g = await fetch(url, { headers: { Authorization: `Bearer ${ctx.token}` } });
    assert(g.status === 200, `GET ${g.status}`);
    const j = await g.json();
    assert(j.state === 'complete', `state ${j.state}`);
    assert(j.sha256 === want, `sha256 ${j.sha256}, want ${want}`);
    assert(j.filename === '执法记录仪.mp4', `filename ${j.filename}`);
  }],
];

await run(tests, async () => {
  const server = await startServer();
  const token = execFileSync(bin, ['token', 'add', '--db', server.db, '--login', 'officer1'],
    { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  return { server, token };
}, async (ctx) => ctx.server.stop());
