import type { Express } from 'express';
import request from 'supertest';
import { DEMO_PASSWORD } from './context';

export type Agent = ReturnType<typeof request.agent>;

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

export function csrfFrom(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

/** GETs a page with a form and returns the agent's CSRF token from it. */
export async function tokenFor(agent: Agent, path: string): Promise<string> {
  const response = await agent.get(path);
  return csrfFrom(response.text);
}

export async function signIn(app: Express, email: string, password = DEMO_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const token = await tokenFor(agent, '/sign-in');
  const response = await agent.post('/sign-in').type('form').send({ _csrf: token, email, password });
  if (response.status !== 303) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
  return agent;
}

export function sessionCookie(response: { headers: Record<string, unknown> }): string | undefined {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith('mtp.sid='))?.split(';')[0];
}
