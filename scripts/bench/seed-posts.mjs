// Creates posts through the API: node seed-posts.mjs <api> <token> <count> <concurrency>
const [api, token, count, concurrency] = [process.argv[2], process.argv[3], +process.argv[4], +process.argv[5]];
let next = 0, failed = 0;
async function worker() {
  while (next < count) {
    const i = next++;
    const visibility = ['PUBLIC', 'SUBSCRIBERS', 'PPV'][i % 3];
    const body = { text: `bench post ${i}`, visibility, ...(visibility === 'PPV' ? { price: { amount: 500, currency: 'USD' } } : {}) };
    const r = await fetch(`${api}/posts`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (r.status !== 201) failed++;
    await r.arrayBuffer();
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
if (failed) { console.error(`${failed} posts failed`); process.exit(1); }
