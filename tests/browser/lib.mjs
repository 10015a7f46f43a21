// Browser test helpers: a real zhifa server on a free loopback port, Debian's
// chromium driven by playwright-core, and TAP output for tools/run-tests.
import { spawn, execFileSync } from 'node:child_process';
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

/** Starts zhifa on a fresh demo database; resolves to { base, stop }. */
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
