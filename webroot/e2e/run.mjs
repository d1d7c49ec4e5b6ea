// End-to-end tests in Debian's Chromium against the real platform (no mocks): the creator/fan money
// flows, the dashboard, a live room with WebRTC video, chat and a tip; screenshots for the README.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { startPlatform, chromiumArgs, chromiumPath } from './platform.mjs';

// The README's screenshots are rewritten only when asked (SCREENSHOTS=1); a plain run keeps them in a temp folder.
const shots =
  process.env.SCREENSHOTS === '1' ? resolve(import.meta.dirname, '../../docs/screenshots') : join(tmpdir(), 'creatorhub-e2e-screenshots');
const photo = resolve(import.meta.dirname, 'fixtures/photo.jpg');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const run = Date.now().toString(36).slice(-6);
const creator = { username: `maya_${run}`, email: `maya_${run}@example.com`, password: 'Sunset-Harbor-2026!' };
const fan = { username: `finn_${run}`, email: `finn_${run}@example.com`, password: 'Quiet-Meadow-2026!' };
const stranger = { username: `sam_${run}`, email: `sam_${run}@example.com`, password: 'Paper-Lantern-2026!' };

let step = 'start';
const t0 = Date.now();
function log(message) {
  step = message;
  console.log(`e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  ${message}`);
}

async function shot(page, name) {
  mkdirSync(shots, { recursive: true });
  // Fonts loaded and finite transitions over (a spinner or the live badge may pulse for ever).
  await page.evaluate(async () => {
    await document.fonts.ready;
    const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    await Promise.race([Promise.all(finite.map((a) => a.finished)), new Promise((r) => setTimeout(r, 2000))]);
  });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** The page at desktop size, then at phone size (and back). */
async function shotBoth(page, name) {
  await shot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await shot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
}

async function signUp(page, base, user, role) {
  await page.goto(`${base}/signup`);
  if (role === 'CREATOR') await page.getByRole('radio', { name: "I'm a creator" }).click();
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Display name').fill(user.username.split('_')[0].replace(/^./, (c) => c.toUpperCase()));
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page
    .getByTestId('whoami')
    .or(page.getByRole('link', { name: 'My profile' }))
    .first()
    .waitFor();
}

async function pay(page, card) {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(card).check();
  await dialog.getByRole('button', { name: /^Pay / }).click();
}

async function money(page, testId) {
  return (await page.getByTestId(testId).textContent()).trim();
}

const usd = (cents) => `$${(cents / 100).toFixed(2)}`;
/** The platform's fee rule: 20 % rounded half up, per payment (docs/decisions). */
const net = (cents) => cents - Math.floor((cents * 2000 + 5000) / 10000);

async function main() {
  const platform = process.env.E2E_BASE_URL
    ? { base: process.env.E2E_BASE_URL, stop: async () => {}, log: '(external)' }
    : await startPlatform();
  const { base } = platform;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const creatorCtx = await browser.newContext({ viewport: DESKTOP, permissions: ['camera', 'microphone'] });
    const fanCtx = await browser.newContext({ viewport: DESKTOP });
    const cp = await creatorCtx.newPage();
    const fp = await fanCtx.newPage();
    for (const p of [cp, fp]) p.on('pageerror', (e) => console.log(`  page error: ${e.message}`));

    log('discover page renders');
    await fp.goto(base);
    await fp.getByRole('heading', { name: 'Find creators you love' }).waitFor();
    await shotBoth(fp, 'discover');

    log('creator signs up and sets a price');
    await signUp(cp, base, creator, 'CREATOR');
    await cp.getByLabel('Monthly price (USD)').fill('9.99');
    await cp.getByLabel('3 months').fill('10');
    await cp.getByRole('button', { name: 'Save pricing' }).click();
    await cp.getByText('Price set to $9.99/month.').waitFor();

    log('creator posts an image for subscribers and a pay-per-view post');
    for (const [text, visibility, price] of [
      ['Members only: behind the scenes', 'Subscribers', null],
      ['Exclusive PPV set', 'Pay-per-view', '4.99'],
    ]) {
      await cp.goto(`${base}/compose`);
      await cp.getByLabel('Text', { exact: true }).fill(text);
      await cp.getByTestId('file-input').setInputFiles(photo);
      await cp.getByRole('list', { name: 'Attached media' }).getByRole('listitem').first().waitFor();
      await cp.locator('label', { hasText: visibility }).click();
      if (price) await cp.getByLabel('Price (USD)').fill(price);
      await shot(cp, price ? 'compose-desktop' : 'compose-subscribers');
      await cp.getByRole('button', { name: 'Publish' }).click();
      await cp.waitForURL(`**/c/${creator.username}`);
    }
    await cp.getByTestId('post').nth(1).waitFor();

    log('a fan sees both posts locked');
    await signUp(fp, base, fan, 'SUBSCRIBER');
    await fp.goto(`${base}/c/${creator.username}`);
    await fp.getByTestId('post').nth(1).waitFor();
    assert.equal(await fp.locator('[data-testid=post][data-locked=true]').count(), 2);
    assert.equal(await fp.getByTestId('post-text').count(), 0, 'no hidden text is shown');
    await shot(fp, 'creator-page-locked-desktop');

    log('the declined test card is refused with its reason');
    await fp.getByRole('button', { name: 'Subscribe for $9.99/month' }).click();
    await pay(fp, 'Declined card');
    await fp.getByRole('dialog').getByRole('alert').filter({ hasText: 'declined' }).waitFor();
    assert.equal(await fp.locator('[data-testid=post][data-locked=true]').count(), 2);

    log('the Visa test card subscribes and unlocks the subscribers post');
    await pay(fp, 'Visa (succeeds)');
    await fp.getByRole('dialog').waitFor({ state: 'detached' });
    await fp.getByTestId('post-text').filter({ hasText: 'Members only: behind the scenes' }).waitFor();
    await fp.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=post-image]')].some((img) => img.complete && img.naturalWidth > 0),
    );
    assert.equal(await fp.locator('[data-testid=post][data-locked=true]').count(), 1, 'the PPV post stays locked');

    log('the fan buys the PPV post');
    await fp.getByRole('button', { name: 'Unlock for $4.99' }).click();
    await pay(fp, 'Visa (succeeds)');
    await fp.getByTestId('post-text').filter({ hasText: 'Exclusive PPV set' }).waitFor();
    assert.equal(await fp.locator('[data-testid=post][data-locked=true]').count(), 0);
    await shot(fp, 'creator-page-unlocked-desktop');

    log('the fan tips $5 on a post');
    await fp.getByTestId('post').first().getByRole('button', { name: 'Tip' }).click();
    await fp.getByRole('dialog').getByRole('button', { name: '$5' }).click();
    await fp.getByRole('dialog').getByLabel('Message').fill('Love this!');
    await fp.getByRole('dialog').getByRole('button', { name: 'Continue' }).click();
    await pay(fp, 'Visa (succeeds)');
    await fp.getByText('Tip sent. Thank you!').waitFor();

    log('the feed shows the unlocked posts');
    await fp.goto(`${base}/feed`);
    await fp.getByTestId('post-text').first().waitFor();
    await shotBoth(fp, 'feed');

    log('after a reload the session comes back through its HttpOnly cookie; script never holds the refresh token');
    const stored = await fp.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!/accessToken|refreshToken/.test(stored), `no token in localStorage: ${stored}`);
    assert.ok(!(await fp.evaluate(() => document.cookie)).includes('ch_refresh'), 'the refresh cookie is HttpOnly');
    await fp.reload();
    await fp.getByTestId('post-text').first().waitFor();

    log('payment history lists the three payments and the declined attempt');
    await fp.goto(`${base}/payments`);
    await fp.getByTestId('payment').nth(3).waitFor();
    assert.equal(await fp.getByTestId('payment').filter({ hasText: 'succeeded' }).count(), 3);
    assert.equal(await fp.getByTestId('payment').filter({ hasText: 'failed' }).count(), 1);
    await fp.getByTestId('payment').first().getByRole('button').click();
    await fp.getByRole('definition').filter({ hasText: /^R-/ }).waitFor();
    await shot(fp, 'payments-desktop');

    log('the creator sees 80 % of each payment on the dashboard');
    const paid = [999, 499, 500];
    await cp.goto(`${base}/dashboard`);
    await cp.getByTestId('earnings-gross').waitFor();
    assert.equal(await money(cp, 'earnings-gross'), usd(paid.reduce((a, b) => a + b)));
    assert.equal(await money(cp, 'earnings-net'), usd(paid.map(net).reduce((a, b) => a + b)));
    assert.equal(await money(cp, 'earnings-fee'), usd(paid.reduce((a, b) => a + b) - paid.map(net).reduce((a, b) => a + b)));
    assert.equal(await money(cp, 'earnings-pending'), usd(paid.map(net).reduce((a, b) => a + b)));
    await cp.getByText(`@${fan.username}`).waitFor();
    await shotBoth(cp, 'dashboard');

    log('the payout panel says why there is nothing to pay out yet, and the sandbox payout account is set up');
    assert.match(await cp.getByTestId('payout-blocker').textContent(), /Set up your payout account first/);
    assert.equal(
      (await cp.getByTestId('pending-releases').locator('li').count()) > 0,
      true,
      'held earnings show when they become available',
    );
    await cp.getByRole('button', { name: 'Set up payouts' }).click();
    await cp.getByTestId('payout-account').filter({ hasText: '•••• 6789' }).waitFor();
    assert.match(await cp.getByTestId('payout-blocker').textContent(), /Payouts start at \$20\.00/);

    log('the fan cancels the subscription, turns renewal back on, and sees the kept card');
    await fp.goto(`${base}/subscriptions`);
    await fp.getByTestId('subscription').getByRole('button', { name: 'Cancel' }).click();
    await fp.getByRole('button', { name: 'Turn renewal back on' }).click();
    await fp.getByTestId('subscription').getByRole('button', { name: 'Cancel' }).waitFor();
    await fp.goto(`${base}/payments`);
    await fp.getByTestId('card').filter({ hasText: 'Visa •••• 4242' }).getByText('Default').waitFor();

    log('the creator goes live with the camera');
    await cp.goto(`${base}/studio`);
    await cp.getByRole('button', { name: 'Turn on camera and microphone' }).click();
    await cp.getByTestId('camera-preview').waitFor();
    await cp.getByLabel('Title', { exact: true }).fill('Friday night Q&A');
    await cp.getByLabel('Who can watch').selectOption('SUBSCRIBERS');
    await cp.getByRole('button', { name: 'Create stream' }).click();
    await cp.getByRole('button', { name: 'Go live' }).click();
    await cp.getByRole('button', { name: 'End stream' }).waitFor();

    log('the fan joins and the video plays');
    await fp.goto(`${base}/c/${creator.username}`);
    await fp.getByRole('link', { name: /Watch now/ }).click();
    const video = fp.getByTestId('live-video');
    await video.waitFor();
    await fp.waitForFunction(
      () => {
        const v = document.querySelector('[data-testid=live-video]');
        return v && v.videoWidth > 0 && v.currentTime > 0;
      },
      null,
      { timeout: 30_000 },
    );
    const size = await video.evaluate((v) => [v.videoWidth, v.videoHeight]);
    console.log(`  fan's video renders ${size[0]}x${size[1]}`);

    log('they chat both ways');
    await fp.getByLabel('Chat message').fill('hello from the fan');
    await fp.getByRole('button', { name: 'Send' }).click();
    await cp.getByTestId('chat-text').filter({ hasText: 'hello from the fan' }).waitFor();
    await cp.getByLabel('Chat message').fill('welcome to the show!');
    await cp.getByRole('button', { name: 'Send' }).click();
    await fp.getByTestId('chat-text').filter({ hasText: 'welcome to the show!' }).waitFor();

    log('a tip from the room appears in it once');
    await fp.getByRole('group', { name: 'Tip the creator' }).getByRole('button', { name: '2', exact: true }).click();
    await pay(fp, 'Visa (succeeds)');
    await fp.getByTestId('chat-tip').first().waitFor();
    await cp.getByTestId('chat-tip').first().waitFor();
    // The room is ordered: once a later message is in, a duplicate of the tip would be too.
    await cp.getByLabel('Chat message').fill('thanks for the tip');
    await cp.getByRole('button', { name: 'Send' }).click();
    await fp.getByTestId('chat-text').filter({ hasText: 'thanks for the tip' }).waitFor();
    await cp.getByTestId('chat-text').filter({ hasText: 'thanks for the tip' }).waitFor();
    assert.equal(await fp.getByTestId('chat-tip').count(), 1, 'the fan sees the tip once');
    assert.equal(await cp.getByTestId('chat-tip').count(), 1, 'the creator sees the tip once');
    assert.match(await fp.getByTestId('chat-tip').textContent(), /tipped \$2\.00/);
    await shot(fp, 'live-room-desktop');
    await shot(cp, 'studio-live-desktop');
    await fp.setViewportSize(PHONE);
    await shot(fp, 'live-room-phone');

    log('a fan who is not subscribed is refused the room');
    const strangerCtx = await browser.newContext({ viewport: DESKTOP });
    const sp = await strangerCtx.newPage();
    await signUp(sp, base, stranger, 'SUBSCRIBER');
    await sp.goto(fp.url());
    await sp.getByTestId('room-locked').waitFor();
    await sp.getByRole('link', { name: 'Subscribe to watch' }).waitFor();
    assert.equal(await sp.getByTestId('chat').count(), 0);

    log('the creator ends the stream');
    await cp.getByRole('button', { name: 'End stream' }).click();
    await cp.getByRole('button', { name: 'Create stream' }).waitFor();
    console.log(`e2e passed in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${shots}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch(async (err) => {
  console.error(`e2e FAILED at "${step}": ${err.stack ?? err}`);
  process.exit(1);
});
