import request from 'supertest';
import type { TestContext } from './context';
import { addArea, createExercise, postForm } from './exercises';
import { signIn, tokenFor, type Agent } from './http';
import { linkInLatestEmail } from './mail';

export type Role = 'anonymous' | 'admin' | 'staff' | 'provider' | 'otherProvider' | 'signOut';

/** Who posts each kind of form: providers under /provider, admins under /admin, staff elsewhere. */
export const SIGNED_IN: Record<Exclude<Role, 'anonymous'>, string> = {
  admin: 'admin@demo.test',
  staff: 'staff@demo.test',
  provider: 'helen.marsh@meridian-business.test',
  // Cherwell has a proposed meeting to confirm; Meridian's was held.
  otherProvider: 'priya.nair@cherwell-payroll.test',
  // Signing out ends a session: it gets one of its own.
  signOut: 'viewer@demo.test',
};

export type Setup = {
  agents: Record<Role, Agent>;
  /** Pages each role's crawl starts from, to reach forms that need a record in a given state. */
  starts: Partial<Record<Role, string[]>>;
  /** Ids of the signed-in users and their contacts: forms that would disable or remove them are left alone. */
  protectedIds: string[];
  /** Real ids for route parameters of forms no page showed. */
  params: Record<string, string>;
};

type Row = { id: string } & Record<string, string>;

async function one(query: PromiseLike<unknown>, what: string): Promise<Row> {
  const row = (await query) as Row | undefined;
  if (!row) throw new Error(`Demo data has no ${what}`);
  return row;
}

/**
 * Signs everyone in and puts records into the states that show every form: a draft exercise with
 * a template questionnaire, an invited user, a reset link, a pending clarification, an import.
 */
export async function setUpBadInput(context: TestContext): Promise<Setup> {
  const { app, db } = context;
  const agents = { anonymous: request.agent(app) } as Record<Role, Agent>;
  for (const [role, email] of Object.entries(SIGNED_IN)) agents[role as Role] = await signIn(app, email);
  const { staff, admin, provider } = agents;

  const occ = await one(db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first(), 'OCC exercise');
  const draftId = await createExercise(staff, { title: 'Bad input target' });
  await addArea(staff, draftId, { name: 'Payroll' });
  await postForm(staff, `/exercises/${draftId}/questionnaire/new`, `/exercises/${draftId}/questionnaire`, {
    source: 'template',
    copyFrom: '',
  });
  const withoutQuestionnaire = await createExercise(staff, {
    title: 'Bad input target without a questionnaire',
  });
  const vantage = await one(
    db('organisations').where({ name: 'Vantage ICT Managed Services Ltd' }).first('id'),
    'Vantage',
  );
  await postForm(staff, `/exercises/${draftId}/conflicts/new`, `/exercises/${draftId}/conflicts`, {
    declaration: 'conflict',
    organisationId: vantage.id,
    description: 'A former employee of Vantage sits on the evaluation panel.',
  });
  const draftSection = await one(
    db('questionnaire_sections as s')
      .join('questionnaires as q', 'q.id', 's.questionnaire_id')
      .where('q.exercise_id', draftId)
      .first('s.id'),
    'draft questionnaire section',
  );
  await postForm(
    provider,
    `/provider/exercises/${occ.id}/clarifications`,
    `/provider/exercises/${occ.id}/clarifications`,
    { question: 'Would TUPE apply to school-based staff?' },
  );

  await postForm(admin, '/admin/users/invite', '/admin/users/invite', {
    name: 'Ida Invited',
    email: 'ida.invited@demo.test',
    role: 'viewer',
  });
  const invited = await one(db('users').where({ email: 'ida.invited@demo.test' }).first(), 'invited user');
  const setPasswordPath = await linkInLatestEmail(db, 'ida.invited@demo.test');
  await postForm(agents.anonymous, '/forgot-password', '/forgot-password', {
    email: 'naomi.fletcher@foundation-years.test',
  });
  const resetPath = await linkInLatestEmail(db, 'naomi.fletcher@foundation-years.test');

  const csv = 'name,sector,reach,size\r\nBad Input Imports Ltd,private,local,micro\r\n';
  const upload = await staff
    .post('/providers/import')
    .set('X-CSRF-Token', await tokenFor(staff, '/providers/import'))
    .attach('file', Buffer.from(csv), 'providers.csv');
  const importPath = String(upload.headers.location);

  const signedIn = await db('users').whereIn('email', Object.values(SIGNED_IN)).pluck('id');
  const theirContacts = await db('contacts').whereIn('email', Object.values(SIGNED_IN)).pluck('id');
  const meridian = await one(
    db('organisations').where({ name: 'Meridian Business Services plc' }).first('id'),
    'Meridian',
  );
  const invitation = await one(
    db('invitations')
      .where({ exercise_id: occ.id, status: 'opened' })
      .whereNot('organisation_id', meridian.id)
      .first('id'),
    'open invitation',
  );
  const proposed = await one(db('meetings').where({ status: 'proposed' }).first('id'), 'proposed meeting');
  const withActions = await one(
    db('meetings').whereIn('id', db('meeting_actions').select('meeting_id')).first('id'),
    'meeting with actions',
  );
  const submitted = await one(
    db('invitations').where({ exercise_id: occ.id, status: 'submitted' }).first('id'),
    'submitted invitation',
  );
  const noAccount = await one(
    db('contacts')
      .whereNull('user_id')
      .whereNot('organisation_id', meridian.id)
      .first('id', 'organisation_id'),
    'contact without an account',
  );
  const ocq = `/exercises/${occ.id}`;
  return {
    agents,
    protectedIds: [...signedIn, ...theirContacts],
    starts: {
      anonymous: ['/sign-in', '/forgot-password', setPasswordPath, resetPath],
      admin: ['/admin', `/admin/users/${invited.id}`],
      staff: [
        '/staff',
        `/exercises/${draftId}`,
        `/exercises/${draftId}/questionnaire`,
        `/exercises/${draftId}/questionnaire/questions/new?section=${draftSection.id}&type=scale`,
        `/exercises/${draftId}/questionnaire/questions/new?section=${draftSection.id}&type=file_upload`,
        `${ocq}/clarifications`,
        `${ocq}/invitations/${invitation.id}`,
        `${ocq}/meetings/${proposed.id}/edit`,
        `${ocq}/meetings/${proposed.id}/cancel`,
        `${ocq}/meetings/${withActions.id}`,
        `${ocq}/meetings/new?invitation=${invitation.id}`,
        `${ocq}/meetings/slots`,
        `${ocq}/invitations/new`,
        `${ocq}/invitations/${submitted.id}/response`,
        `/exercises/${draftId}/areas`,
        `/exercises/${withoutQuestionnaire}/questionnaire/new`,
        `/providers/${noAccount.organisation_id}/contacts/${noAccount.id}/account`,
        importPath,
      ],
      provider: ['/provider', `/provider/exercises/${occ.id}/response/check`],
      otherProvider: ['/provider/meetings', `/provider/meetings/${proposed.id}`],
      signOut: ['/viewer'],
    },
    params: {
      id: occ.id,
      exerciseId: occ.id,
      organisationId: meridian.id,
      invitationId: invitation.id,
      meetingId: proposed.id,
      importId: importPath.split('/').pop()!,
    },
  };
}
