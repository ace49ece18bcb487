import type { Knex } from 'knex';
import { fieldName } from '../../server/modules/responses/answer-items';
import type { Role } from './access-rules';
import { addArea, createExercise, postForm } from './exercises';
import { tokenFor, type Agent } from './http';
import { linkInLatestEmail } from './mail';
import { publishedSnapshot } from './responses';

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PPTX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from('[Content_Types].xml ppt/presentation.xml'),
]);

/** The id of the first row matching `where`; fails naming `what` if the data has none. */
export async function idOf(db: Knex, table: string, where: Record<string, unknown>, what: string) {
  const row = await db(table).where(where).first<{ id: string } | undefined>('id');
  if (!row) throw new Error(`No ${what} in the test data`);
  return String(row.id);
}

/** The records in Oxfordshire that belong to Meridian, as the demo data has them. */
export type DemoIds = { occ: string; meridian: string; invitation: string; meeting: string };

async function uploadResponseFile(agent: Agent, sectionPath: string, field: string, name: string) {
  const page = await agent.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
  const response = await agent
    .post(sectionPath)
    .field('_csrf', await tokenFor(agent, sectionPath))
    .field('sectionVersion', version)
    .field('action', 'later')
    .attach(field, PDF, name);
  if (response.status !== 303) throw new Error(`Upload of ${name} failed: ${response.status}`);
}

/** A draft exercise whose area, section and question the remove and move routes may use up. */
async function draftExercise(db: Knex, staff: Agent) {
  const id = await createExercise(staff, { title: 'Access matrix draft' });
  await addArea(staff, id, { name: 'Payroll' });
  const path = `/exercises/${id}/questionnaire`;
  await postForm(staff, `${path}/new`, path, { source: 'template', copyFrom: '' });
  const question = await db('questions as q')
    .join('questionnaires as n', 'n.id', 'q.questionnaire_id')
    .where('n.exercise_id', id)
    .orderBy('q.position', 'desc')
    .first<{ id: string; section_id: string }>('q.id', 'q.section_id');
  return {
    id,
    areaId: await idOf(db, 'service_areas', { exercise_id: id }, 'draft area'),
    sectionId: question.section_id,
    questionId: question.id,
  };
}

/** Files, a pending question, tokens, an import and contacts, made through the portal as people would. */
export async function makeRecords(db: Knex, agents: Record<Role, Agent>, demo: DemoIds) {
  const { staff, admin, provider, anonymous } = agents;
  const snapshot = await publishedSnapshot(db, demo.occ);
  const fileSection = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'file_upload'))!;
  const fileQuestion = fileSection.questions.find((q) => q.type === 'file_upload')!;
  const sectionPath = `/provider/exercises/${demo.occ}/response/sections/${fileSection.id}`;
  for (const name of ['Case study.pdf', 'Old brochure.pdf'])
    await uploadResponseFile(provider, sectionPath, fieldName(fileQuestion.id), name);

  const filesPath = `/exercises/${demo.occ}/meetings/${demo.meeting}/files`;
  const token = await tokenFor(staff, filesPath);
  await staff.post(filesPath).field('_csrf', token).attach('files', PPTX, 'Slides.pptx');

  const askPath = `/provider/exercises/${demo.occ}/clarifications`;
  await postForm(provider, askPath, askPath, { question: 'Would TUPE apply to school-based staff?' });

  await postForm(admin, '/admin/users/invite', '/admin/users/invite', {
    name: 'Ivy Invited',
    email: 'ivy.invited@demo.test',
    role: 'viewer',
  });
  await postForm(anonymous, '/forgot-password', '/forgot-password', {
    email: 'naomi.fletcher@foundation-years.test',
  });
  const lastSegment = async (to: string) => (await linkInLatestEmail(db, to)).split('/').pop()!;

  const csv = 'name,sector,reach,size\r\nAccess Matrix Imports Ltd,private,local,micro\r\n';
  const upload = await staff
    .post('/providers/import')
    .set('X-CSRF-Token', await tokenFor(staff, '/providers/import'))
    .attach('file', Buffer.from(csv), 'providers.csv');

  // Each role allowed to remove a contact removes its own, so no removal starves the next role.
  const removableContacts: Partial<Record<Role, string>> = {};
  for (const role of ['staff', 'admin', 'provider'] as const) {
    const contacts = `/providers/${demo.meridian}/contacts`;
    const email = `removable.${role}@meridian-business.test`;
    await postForm(staff, `${contacts}/new`, contacts, {
      name: `Removable ${role}`,
      email,
      jobRole: '',
      phone: '',
    });
    removableContacts[role] = await idOf(db, 'contacts', { email }, `contact ${email}`);
  }

  return {
    draft: await draftExercise(db, staff),
    fileSectionId: fileSection.id,
    fileQuestionId: fileQuestion.id,
    keptFile: await idOf(db, 'attachments', { original_name: 'Case study.pdf' }, 'kept file'),
    removableFile: await idOf(db, 'attachments', { original_name: 'Old brochure.pdf' }, 'removable file'),
    meetingFile: await idOf(db, 'meeting_files', { meeting_id: demo.meeting }, 'meeting file'),
    clarification: await idOf(db, 'clarifications', { answered_at: null }, 'pending clarification'),
    invitedUser: await idOf(db, 'users', { email: 'ivy.invited@demo.test' }, 'invited user'),
    setPasswordToken: await lastSegment('ivy.invited@demo.test'),
    resetPasswordToken: await lastSegment('naomi.fletcher@foundation-years.test'),
    importId: String(upload.headers.location).split('/').pop()!,
    removableContacts,
  };
}
