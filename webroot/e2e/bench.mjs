// Web budget benchmark (not a test): the initial JS a first visit downloads (gzipped), and how long
// the feed takes to become interactive on a cold load (fresh browser profile, no cache) against the
// local stack. Prints numbers; docs/benchmarks/web.md records them.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startPlatform, chromiumArgs, chromiumPath } from './platform.mjs';

const webroot = resolve(import.meta.dirname, '../dist');
const runs = Number(process.env.RUNS ?? 15);

function initialJs() {
  const html = readFileSync(join(webroot, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let js = 0;
  let css = 0;
  for (const f of files) {
    const gz = gzipSync(readFileSync(join(webroot, f)), { level: 9 }).length;
    if (f.endsWith('.js')) js += gz;
    else css += gz;
  }
  return { files, js, css, raw: files.reduce((a, f) => a + statSync(join(webroot, f)).size, 0) };
}

async function api(base, path, body, token) {
  const r = await fetch(`${base}/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? null : r.json();
}

async function account(base, username, role) {
  const password = 'Bench-Password-2026!';
  await api(base, '/auth/register', { username, email: `${username}@example.com`, password, role });
  return api(base, '/auth/login', { login: username, password });
}

async function main() {
  const size = initialJs();
  console.log(
    `initial load: ${size.files.length} files, JS ${(size.js / 1024).toFixed(1)} KiB gzipped, CSS ${(size.css / 1024).toFixed(1)} KiB gzipped (${(size.raw / 1024).toFixed(0)} KiB raw)`,
  );

  const platform = await startPlatform();
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const { base } = platform;
    const tag = Date.now().toString(36).slice(-5);
    const fan = await account(base, `benchfan_${tag}`, 'SUBSCRIBER');
    for (let c = 0; c < 3; c++) {
      const creator = await account(base, `benchcreator${c}_${tag}`, 'CREATOR');
      for (let i = 0; i < 10; i++) {
        await api(
          base,
          '/posts',
          { text: `Post ${i} of creator ${c}: a few lines of text for the feed.`, mediaIds: [], visibility: 'SUBSCRIBERS' },
          creator.accessToken,
        );
      }
      await api(base, `/creators/${creator.user.username}/subscriptions`, { paymentMethod: 'pm_card_visa' }, fan.accessToken);
    }
    const session = JSON.stringify({
      state: { user: fan.user, tokens: { accessToken: fan.accessToken, refreshToken: fan.refreshToken } },
      version: 0,
    });
    const times = [];
    for (let i = 0; i < runs + 2; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.addInitScript((s) => localStorage.setItem('creatorhub.session', s), session);
      const page = await context.newPage();
      await page.goto(`${base}/feed`, { waitUntil: 'commit' });
      // Interactive: the first post is rendered and its like button takes a click.
      await page.getByTestId('post').first().getByRole('button', { name: 'Like' }).waitFor();
      const ms = await page.evaluate(() => performance.now());
      if (i >= 2) times.push(ms); // two warm-up loads (JIT of the server, not the browser cache: each context is new)
      await context.close();
    }
    times.sort((a, b) => a - b);
    const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    console.log(
      `feed interactive on a cold load (${times.length} loads, fresh profile each): min ${times[0].toFixed(0)} ms, p50 ${pct(50).toFixed(0)} ms, p90 ${pct(90).toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
