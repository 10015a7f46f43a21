// An officer opens a demo case's evidence page, uploads a photo and a video
// through the resumable uploader (progress between 0 and 100 seen, paused and
// resumed, the stored SHA-256 that of the file), attaches them, plays the video
// with the 「播放」 button and seeks (answered 206), and sees one 播放 in the
// custody trail.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupPage, teardownPage, run, assert, shots, login } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'zf-ev-'));
const photo = join(dir, 'scene.png');
const video = join(dir, 'bodycam.mp4');
// A photo, and a ~24 MB video of noise (hard to compress) made quickly.
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', photo]);
execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=s=640x360:r=25,geq=random(1)*255:128:128',
  '-t', '8', '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-fs', '24000000',
  '-movflags', '+faststart', video]);
const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');

async function fillMeta(page, kind) {
  const step = page.locator('#f-step option', { hasText: '现场检查' }).first();
  const value = await step.getAttribute('value');
  await page.selectOption('#f-step', value);
  await page.selectOption('#f-kind', kind);
  await page.fill('#f-place', '陵川县山水人家农家乐');
  const boxes = page.locator('#f-officers input[type=checkbox]');
  if (await boxes.count() && !(await page.locator('#f-officers input:checked').count())) await boxes.first().check();
}

async function attach(page) {
  await Promise.all([page.waitForURL(/\/workbench\/evidence\/\d+\?attached=1$/), page.click('#ev-save')]);
}

run([
  ['officer uploads a photo through the resumable uploader', async (t) => {
    const { page, base } = t;
    await login(page, base, 'officer1');
    await page.goto(`${base}/workbench/cases/1/evidence`);
    assert(await page.isDisabled('#ev-save'), '保存 waits for the upload');
    await page.setInputFiles('#f-file', photo);
    await page.waitForFunction(() => document.querySelector('#f-upload_id').value !== '', null, { timeout: 30000 });
    assert(await page.inputValue('#f-kind') === 'photo', 'the kind follows the file type');
    await fillMeta(page, 'photo');
    await page.screenshot({ path: `${shots}/evidence-upload-photo.png`, fullPage: true });
    await attach(page);
    const main = await page.textContent('main');
    assert(main.includes(sha(photo)), 'the item page shows the SHA-256 of the file');
    assert(main.includes('附入案卷'), 'the custody trail shows the attachment');
  }],
  ['a video upload shows progress, pauses and resumes', async (t) => {
    const { page, base } = t;
    await page.goto(`${base}/workbench/cases/1/evidence`);
    await page.evaluate(() => { document.getElementById('ev-form').dataset.chunkSize = String(1024 * 1024); });
    await page.evaluate(() => {
      window.seen = [];
      const bar = document.getElementById('upload-progress');
      new MutationObserver(() => window.seen.push(Number(bar.value))).observe(bar, { childList: true, characterData: true, subtree: true });
    });
    await page.setInputFiles('#f-file', video);
    await page.waitForFunction(() => Number(document.getElementById('upload-progress').value) >= 20, null, { timeout: 60000 });
    await page.click('[data-upload=pause]');
    await page.waitForTimeout(500);
    const paused = await page.evaluate(() => Number(document.getElementById('upload-progress').value));
    await page.screenshot({ path: `${shots}/evidence-upload-paused.png`, fullPage: true });
    assert(await page.isVisible('[data-upload=resume]'), 'a paused upload offers 继续上传');
    await page.click('[data-upload=resume]');
    await page.waitForFunction(() => document.querySelector('#f-upload_id').value !== '', null, { timeout: 120000 });
    const seen = await page.evaluate(() => window.seen);
    assert(seen.some((v) => v > 0 && v < 100), `progress between 0 and 100 was shown: ${seen.slice(0, 20)}`);
    const after = seen.slice(seen.lastIndexOf(paused) + 1);
    assert(after.every((v) => v >= paused - 5), `the upload went on from where it paused (${paused}): ${after.slice(0, 10)}`);
    assert(await page.evaluate(() => document.getElementById('upload-progress').value) === 100, 'the bar ends at 100%');
    await fillMeta(page, 'video');
    await attach(page);
    t.item = page.url().replace(/\?.*$/, '');
    const main = await page.textContent('main');
    assert(main.includes(sha(video)), 'the stored SHA-256 is the file\'s');
  }],
  ['the video plays and seeks with range requests', async (t) => {
    const { page } = t;
    const statuses = [];
    page.on('response', (r) => { if (r.url().includes('/media?')) statuses.push(r.status()); });
    await page.goto(t.item);
    assert(await page.locator('video').count() === 0, 'opening the page is no playback: 播放 starts a session');
    await Promise.all([page.waitForURL(/\?t=[0-9a-f]{64}/), page.click('form.play-form button')]);
    const v = page.locator('video');
    assert(await v.count() === 1, 'after 播放 the item page has a player');
    await page.waitForFunction(() => document.querySelector('video').readyState >= 1, null, { timeout: 20000 });
    await page.evaluate(() => new Promise((resolve, reject) => {
      const el = document.querySelector('video');
      el.addEventListener('seeked', resolve, { once: true });
      el.addEventListener('error', () => reject(new Error('video error')), { once: true });
      el.currentTime = Math.max(0, el.duration - 2);
    }));
    assert(statuses.includes(206), `the server answered ranges: ${statuses}`);
    await page.reload();
    await page.goto(t.item);
    const views = await page.locator('table.custody tbody td:nth-child(4)', { hasText: '播放' }).count();
    assert(views === 1, `one playback session, one 播放 in the custody trail, whatever the ranges and reloads: ${views}`);
    await page.screenshot({ path: `${shots}/evidence-item.png`, fullPage: true });
  }],
], async () => setupPage(/status of 4\d\d/), async (t) => {
  await teardownPage(t);
  rmSync(dir, { recursive: true, force: true });
});
