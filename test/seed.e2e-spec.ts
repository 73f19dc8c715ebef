import { http, startApp, stopApp } from './support/app-process.js';
import { runSeed } from './support/cli.js';
import { createTestDatabase, TEST_DB } from './support/test-database.js';

/** `npm run seed`: seeded customers can log in with the password it prints, and see their orders. */
it(`npm run seed (${TEST_DB}): prints the seeded customers' password, and a seeded customer logs in with it and reads its orders`, async () => {
  const database = await createTestDatabase();
  try {
    const seeded = await runSeed(database.env, [
      '--customers',
      '2',
      '--orders-per-customer',
      '3',
      '--lines-per-order',
      '1',
    ]);
    expect(seeded).toEqual({ code: 0, output: expect.any(String) });
    const printed = /customers log in as (\S+) \.\.\. \S+, password (\S+)/.exec(seeded.output);
    expect(printed?.[1]).toBe('customer0@bench.example');

    const app = await startApp(database.env);
    try {
      const credentials = { email: printed?.[1], password: printed?.[2] };
      const login = await http(app, 'POST', '/auth/token', credentials, {});
      expect(login.status).toBe(200);
      const bearer = { authorization: `Bearer ${login.body.accessToken}` };
      const mine = await http(app, 'GET', '/me/orders', undefined, bearer);
      expect(mine.status).toBe(200);
      expect(mine.body.items).toHaveLength(3);
    } finally {
      await stopApp(app);
    }
  } finally {
    await database.drop();
  }
});
