// Starts the built app under the V8 CPU profiler; `kill -USR2 <pid>` writes
// bench/results/profile-<time>.cpuprofile (open it in Chrome DevTools or speedscope).
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
process.on('SIGUSR2', async () => {
  const { profile } = await session.post('Profiler.stop');
  const path = process.env.PROFILE_OUT ?? `bench/results/profile-${Date.now()}.cpuprofile`;
  writeFileSync(path, JSON.stringify(profile));
  console.error(`wrote ${path}`);
  process.exit(0);
});
await import('../dist/src/main.js');
