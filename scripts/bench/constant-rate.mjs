// Open-model load at a fixed rate; latency is measured from each request's intended send time, so a
// stalled server shows up as latency (no coordinated omission).
// node constant-rate.mjs <url> <token> <requests-per-second> <seconds> [warm-up seconds, default 5]
// The warm-up runs at the same rate and is not recorded: it is when the client opens its connections
// (up to 256 at once), which otherwise shows up as a one-off stall of the first seconds.
import http from 'node:http';
const [url, token, rate, seconds] = [new URL(process.argv[2]), process.argv[3], +process.argv[4], +process.argv[5]];
const warmup = +(process.argv[6] ?? 5);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const latencies = [];
// How late the client itself sent each request (a starved client looks like a slow server), and the
// latencies per second of the run, so a stall can be placed in time.
const sendLags = [];
const perSecond = [];
let errors = 0;
const total = Math.round(rate * (seconds + warmup));
const recordFrom = Math.round(rate * warmup);
const start = performance.now();
await new Promise(done => {
  let sent = 0, finished = 0;
  function fire(intended, recorded) {
    let settled = false;
    const settle = ok => {
      if (settled) return;
      settled = true;
      if (!ok && recorded) errors++;
      if (recorded) {
        const latency = performance.now() - intended;
        latencies.push(latency);
        const second = Math.floor((intended - start) / 1000 - warmup);
        (perSecond[second] ??= []).push(latency);
      }
      if (++finished >= total) done();
    };
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent,
      headers: { Authorization: `Bearer ${token}` } }, res => {
      res.on('data', () => {});
      res.on('end', () => settle(res.statusCode === 200));
      res.on('error', () => settle(false));
      res.on('close', () => settle(res.complete && res.statusCode === 200));
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', () => settle(false));
  }
  function tick() {
    const now = performance.now();
    while (sent < total && start + sent * 1000 / rate <= now) {
      const intended = start + sent * 1000 / rate;
      if (sent >= recordFrom) sendLags.push(now - intended);
      fire(intended, sent >= recordFrom);
      sent++;
    }
    if (sent < total) setTimeout(tick, 1);
  }
  tick();
  // Bounded: whatever has not answered 15 s after the last send counts as an error.
  setTimeout(() => { errors += total - finished; done(); }, (seconds + warmup) * 1000 + 15000).unref();
});
latencies.sort((a, b) => a - b);
const p = q => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))].toFixed(2);
const elapsed = (performance.now() - start) / 1000 - warmup;
console.log(`rate=${rate}/s n=${latencies.length} achieved=${(latencies.length / elapsed).toFixed(0)}/s errors=${errors} p50=${p(0.5)}ms p99=${p(0.99)}ms p99.9=${p(0.999)}ms max=${latencies[latencies.length - 1].toFixed(2)}ms`);
sendLags.sort((a, b) => a - b);
console.log(`client send lag: p99=${sendLags[Math.floor(sendLags.length * 0.99)].toFixed(2)}ms max=${sendLags[sendLags.length - 1].toFixed(2)}ms`);
if (process.env.BUCKETS) {
  console.log('per-second p99 (ms): ' + perSecond.map(b => { b.sort((x, y) => x - y); return b[Math.floor(b.length * 0.99)].toFixed(0); }).join(' '));
}
agent.destroy();
