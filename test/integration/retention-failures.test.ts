import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '../helpers/context';

let context: TestContext;

beforeAll(async () => {
  context = await createTestContext();
});
afterAll(() => context.close());

const archive = (reference: string, monthsAgo: number) =>
  context
    .db('exercises')
    .where({ reference })
    .update({
      status: 'archived',
      archived_at: context.db.raw(`now() - make_interval(months => ?)`, [monthsAgo]),
    });

test('an exercise whose purge fails is rolled back and does not hold up the others', async () => {
  // Oxfordshire is due first, and one of its files cannot be removed: a directory stands where
  // the file should be, so removing it fails.
  await archive('OCC-SMT-2026-01', 30);
  await archive('LBB-ED-2026-02', 25);
  const oxfordshire = await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const bromley = await context.db('exercises').where({ reference: 'LBB-ED-2026-02' }).first();
  const meeting = await context.db('meetings').where({ exercise_id: oxfordshire.id }).first();
  const storedName = randomUUID();
  await context.db('meeting_files').insert({
    meeting_id: meeting.id,
    original_name: 'slides.pdf',
    stored_name: storedName,
    file_type: 'pdf',
    size_bytes: 4,
    sha256: '0'.repeat(64),
  });
  const blocked = path.join(context.dataDir, 'uploads', storedName);
  fs.mkdirSync(path.join(blocked, 'inside'), { recursive: true });

  await expect(context.services.retention.applyDue()).rejects.toThrow(
    'Retention could not be applied to some exercises',
  );
  expect(
    (await context.db('exercises').where({ id: bromley.id }).first()).retention_applied_at,
  ).not.toBeNull();
  const stillDue = await context.db('exercises').where({ id: oxfordshire.id }).first();
  expect(stillDue.retention_applied_at).toBeNull();
  expect(await context.db('meeting_files').where({ stored_name: storedName })).toHaveLength(1);
  expect(
    await context.db('audit_events').where({ action: 'exercise.retention_applied' }).pluck('record_id'),
  ).toEqual([bromley.id]);

  // Once the obstacle is gone, the next run applies it.
  fs.rmSync(blocked, { recursive: true });
  expect(await context.services.retention.applyDue()).toEqual([oxfordshire.id]);
  expect(await context.db('meeting_files').where({ stored_name: storedName })).toHaveLength(0);
});
