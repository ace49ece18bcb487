import request from 'supertest';
import { makeRecords, idOf } from './access-records';
import { ACCOUNTS, ROLES, type Role } from './access-rules';
import type { TestContext } from './context';
import { signIn, tokenFor, type Agent } from './http';
import type { RegisteredRoute } from './routes';

export type Targets = {
  agents: Record<Role, Agent>;
  /** Each session's own CSRF token. */
  tokens: Record<Role, string>;
  /** The route with real ids, chosen so that a role allowed to use it reaches its handler. */
  pathFor: (route: RegisteredRoute, role: Role) => string;
  /** The least a POST needs to get past finding its record to the form's validation. */
  bodyFor: (route: RegisteredRoute) => Record<string, string>;
  /** The ids behind the paths, by route parameter name, plus the exercise and organisation. */
  ids: Record<string, string>;
};

const keyOf = (route: RegisteredRoute) => `${route.method} ${route.path}`;

/**
 * Signs every role in and finds or makes the records each route needs: Oxfordshire's demo
 * exercise and Meridian's invitation, meeting and files, and throwaway records for the routes
 * that remove or reorder something.
 */
export async function setUpAccessTargets(context: TestContext): Promise<Targets> {
  const { app, db } = context;
  const agents = { anonymous: request.agent(app) } as Record<Role, Agent>;
  const tokens = { anonymous: await tokenFor(agents.anonymous, '/sign-in') } as Record<Role, string>;
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    agents[role] = await signIn(app, ACCOUNTS[role]);
    tokens[role] = await tokenFor(agents[role], '/accessibility');
  }

  const occ = await idOf(db, 'exercises', { reference: 'OCC-SMT-2026-01' }, 'Oxfordshire');
  const meridian = await idOf(db, 'organisations', { name: 'Meridian Business Services plc' }, 'Meridian');
  const where = { exercise_id: occ, organisation_id: meridian };
  const invitation = await idOf(db, 'invitations', where, 'Meridian invitation');
  const meeting = await idOf(db, 'meetings', { invitation_id: invitation }, 'Meridian meeting');
  const made = await makeRecords(db, agents, { occ, meridian, invitation, meeting });
  const { draft } = made;
  const email = await db('email_outbox').orderBy('id').first<{ id: string | number }>('id');

  const params: Record<string, string> = {
    importId: made.importId,
    contactId: await idOf(db, 'contacts', { email: 'gareth.lewis@meridian-business.test' }, 'contact'),
    areaId: await idOf(db, 'service_areas', { exercise_id: occ, parent_id: null }, 'area'),
    eventId: await idOf(db, 'engagement_events', { exercise_id: occ }, 'event'),
    declarationId: await idOf(db, 'conflict_declarations', { exercise_id: occ }, 'declaration'),
    number: '1',
    sectionId: made.fileSectionId,
    questionId: made.fileQuestionId,
    invitationId: invitation,
    clarificationId: made.clarification,
    fileId: made.keptFile,
    slotId: await idOf(db, 'meeting_slots', { exercise_id: occ }, 'slot'),
    meetingId: meeting,
    actionId: await idOf(db, 'meeting_actions', { meeting_id: meeting }, 'action'),
  };
  /** `:id` names a different kind of record under each prefix. */
  const idByPrefix: [RegExp, string][] = [
    [/^\/providers\//, meridian],
    [/^\/admin\/users\//, made.invitedUser],
    [/^\/emails\//, String(email.id)],
    [/^\/(provider\/)?exercises\//, occ],
  ];
  const inDraft = {
    id: draft.id,
    areaId: draft.areaId,
    sectionId: draft.sectionId,
    questionId: draft.questionId,
  };
  const submitted = await idOf(db, 'invitations', { exercise_id: occ, status: 'submitted' }, 'submission');
  const removable = (role: Role) => ({ contactId: made.removableContacts[role] ?? params.contactId });
  const overrides: Record<string, (role: Role) => Record<string, string>> = {
    'POST /exercises/:id/areas/:areaId/move': () => inDraft,
    'POST /exercises/:id/areas/:areaId/remove': () => inDraft,
    'POST /exercises/:id/questionnaire/sections/:sectionId/move': () => inDraft,
    'POST /exercises/:id/questionnaire/sections/:sectionId/remove': () => inDraft,
    'POST /exercises/:id/questionnaire/questions/:questionId/move': () => inDraft,
    'POST /exercises/:id/questionnaire/questions/:questionId/remove': () => inDraft,
    'GET /exercises/:id/meetings/:meetingId/files/:fileId': () => ({ fileId: made.meetingFile }),
    'POST /provider/exercises/:id/response/sections/:sectionId/files/:fileId/remove': () => ({
      fileId: made.removableFile,
    }),
    'GET /exercises/:id/summary/areas/:areaId/providers/:invitationId': () => ({ invitationId: submitted }),
    'GET /providers/:id/contacts/:contactId/remove': removable,
    'POST /providers/:id/contacts/:contactId/remove': removable,
    'GET /set-password/:token': () => ({ token: made.setPasswordToken }),
    'POST /set-password/:token': () => ({ token: made.setPasswordToken }),
    'GET /reset-password/:token': () => ({ token: made.resetPasswordToken }),
    'POST /reset-password/:token': () => ({ token: made.resetPasswordToken }),
  };
  const queries: Record<string, string> = {
    'GET /exercises/:id/questionnaire/questions/new': `?section=${made.fileSectionId}&type=short_text`,
    'GET /exercises/:id/meetings/new': `?invitation=${invitation}`,
  };
  const bodies: Record<string, Record<string, string>> = {
    'POST /exercises/:id/meetings': { invitationId: invitation },
  };

  function pathFor(route: RegisteredRoute, role: Role): string {
    const key = keyOf(route);
    const id = idByPrefix.find(([prefix]) => prefix.test(route.path))?.[1];
    const values: Record<string, string> = { ...params, ...(id ? { id } : {}), ...overrides[key]?.(role) };
    const filled = route.path.replace(/:(\w+)/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`No id for :${name} in ${key}: add one to access-targets.ts`);
      return values[name];
    });
    return filled + (queries[key] ?? '');
  }

  return {
    agents,
    tokens,
    pathFor,
    bodyFor: (route) => bodies[keyOf(route)] ?? {},
    ids: { ...params, occ, meridian, meetingFileId: made.meetingFile },
  };
}
