import { crawl } from './helpers/crawl';
import { signIn, startHarness, type Harness } from './helpers/harness';
let harness: Harness | undefined;
beforeAll(async () => { harness = await startHarness(); });
afterAll(async () => { await harness?.close(); });
test('staff crawl with a higher limit', async () => {
  const context = await harness!.newContext();
  const page = await context.newPage();
  await signIn(page, 'staff@demo.test', '/staff');
  const { visited, problems } = await crawl(page, '/staff', { limit: 400 });
  console.info(`visited ${visited.length}, questionnaire pages ${visited.filter((p) => p.includes('/questionnaire')).length}`);
  await page.goto('/provider/exercises/x');
  expect(problems).toEqual([]);
  await context.close();
});
