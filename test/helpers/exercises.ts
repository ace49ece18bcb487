import type { Agent } from './http';
import { tokenFor } from './http';

/** Posts a form with a fresh CSRF token taken from `pagePath`. */
export async function postForm(
  agent: Agent,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const token = await tokenFor(agent, pagePath);
  return agent
    .post(action)
    .type('form')
    .send({ _csrf: token, ...fields });
}

export async function createExercise(
  agent: Agent,
  fields: Partial<Record<string, string>> = {},
): Promise<string> {
  const response = await postForm(agent, '/exercises/new', '/exercises', {
    title: 'Corporate and schools back office',
    reference: `OCC-SMT-${Math.random().toString(36).slice(2, 8)}`,
    purpose: 'Find out whether providers would run our back office services.',
    contactName: 'Sam Patel',
    contactEmail: 'staff@demo.test',
    ...fields,
  });
  if (response.status !== 303)
    throw new Error(`create failed: ${response.status} ${response.text.slice(0, 500)}`);
  return /\/exercises\/([0-9a-f-]{36})/.exec(String(response.headers.location))![1];
}

export function dateFields(name: string, isoDate: string): Record<string, string> {
  const [year, month, day] = isoDate.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
}

export async function addArea(agent: Agent, exerciseId: string, fields: Record<string, string>) {
  return postForm(agent, `/exercises/${exerciseId}/areas/new`, `/exercises/${exerciseId}/areas`, {
    description: '',
    parentId: '',
    reason: '',
    ...fields,
  });
}
