// Starts the built app under the V8 CPU profiler; `kill -USR2 <pid>` writes
// bench/results/profile-<time>.cpuprofile (open it in Chrome DevTools or speedscope).
// PROFILE_DELAY_MS=n starts profiling n ms after start-up, to leave start-up out.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
const started = (async () => {
  await sleep(Number(process.env.PROFILE_DELAY_MS ?? 0));
  await session.post('Profiler.start');
})();
process.on('SIGUSR2', async () => {
  await started;
  const { profile } = await session.post('Profiler.stop');
  const path = process.env.PROFILE_OUT ?? `bench/results/profile-${Date.now()}.cpuprofile`;
  writeFileSync(path, JSON.stringify(profile));
  console.error(`wrote ${path}`);
  process.exit(0);
});
await import('../dist/src/main.js');
