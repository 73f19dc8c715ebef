// GET /health on a fresh connection every 50 ms, as a load balancer probes, from a process of
// its own: the load generator's busy event loop must not delay the probes it measures.
// Usage: node health-prober.mjs <url> <seconds>; prints one JSON line: [{ ms, status }, ...].
import { request } from 'node:http';

const [url, seconds] = [process.argv[2], Number(process.argv[3])];

function probe() {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(`${url}/health`, { agent: false, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode }));
    });
    req.on('error', (error) => resolve({ ms: performance.now() - started, status: error.code }));
    req.end();
  });
}

const deadline = performance.now() + seconds * 1000;
const probes = [];
while (performance.now() < deadline) {
  probes.push(await probe());
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write(`${JSON.stringify(probes)}\n`);
