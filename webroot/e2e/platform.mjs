// Starts the whole platform (embedded stack, one node) from the built jar, for the browser tests
// and the web benchmark, on its own port and with a fresh data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** A port nothing listens on now (the browser run must work while ./run holds the usual ones). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

export async function startPlatform({ port, log = join(tmpdir(), 'creatorhub-e2e-platform.log') } = {}) {
  port ??= Number(process.env.E2E_PORT ?? (await freePort()));
  const jar = join(root, 'verticles/devnode/target/creatorhub-dev.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build it first (mvn package)`);
  if (!existsSync(join(root, 'webroot/dist/index.html'))) throw new Error('webroot/dist/ is not built: run scripts/web.sh build');
  const clusterPort = await freePort();
  const managementPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'creatorhub-e2e-'));
  const out = openSync(log, 'w');
  const child = spawn('java', ['-XX:+UseG1GC', '-jar', jar, '--profile', 'dev'], {
    cwd: root,
    // Its own everything: free ports, its own cluster, keys and secrets in its data folder.
    env: {
      ...process.env,
      HTTP_PORT: String(port),
      DEVSTACK_DATA_DIR: dataDir,
      DEVSTACK_MONGO_PORT: '0',
      DEVSTACK_REDIS_PORT: '0',
      DEVSTACK_KAFKA_PORT: '0',
      DEVSTACK_KAFKA_CONTROLLER_PORT: '0',
      DEVSTACK_S3_PORT: '0',
      MANAGEMENT_PORT: String(managementPort),
      CLUSTER_NAME: `e2e-${process.pid}-${port}`,
      CLUSTER_PORT: String(clusterPort),
      CLUSTER_MEMBERS: `127.0.0.1:${clusterPort}`,
      DEVSTACK_SECRETS_FILE: join(dataDir, 'keys/dev-secrets.json'),
      JWT_PUBLIC_KEY_FILE: join(dataDir, 'keys/jwt-public.pem'),
      JWT_PRIVATE_KEY_FILE: join(dataDir, 'keys/jwt-private.pem'),
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => {
      if (child.exitCode !== null) r();
      else {
        child.once('exit', r);
        setTimeout(r, 15000);
      }
    });
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the platform exited with ${child.exitCode}; see ${log}`);
    try {
      const r = await fetch(`${base}/health/ready`);
      if (r.ok) return { base, stop, log };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the platform was not ready within 180 s; see ${log}`);
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
