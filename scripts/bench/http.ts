import { PROXY_HEADERS } from './app-process';

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;
const SECTION_VERSION_FIELD = /name="sectionVersion" value="(\d+)"/;

export function csrfFrom(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1];
}

export function sectionVersionFrom(html: string): number {
  const match = SECTION_VERSION_FIELD.exec(html);
  if (!match) throw new Error('No section version on the page');
  return Number(match[1]);
}

const sessionCookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith('mtp.sid='))
    ?.split(';')[0];

/** A signed-in browser, reduced to its session cookie. */
export type Session = { baseUrl: string; cookie: string };

export async function get(session: Session, path: string): Promise<Response> {
  return fetch(`${session.baseUrl}${path}`, {
    headers: { ...PROXY_HEADERS, cookie: session.cookie },
    redirect: 'manual',
  });
}

export async function postForm(
  session: Session,
  path: string,
  form: Record<string, string>,
): Promise<Response> {
  return fetch(`${session.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      ...PROXY_HEADERS,
      cookie: session.cookie,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

/** Signs in through the real sign-in form, CSRF token and all. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const page = await fetch(`${baseUrl}/sign-in`, { headers: PROXY_HEADERS });
  const anonymous = { baseUrl, cookie: sessionCookieOf(page) ?? '' };
  const response = await postForm(anonymous, '/sign-in', {
    _csrf: csrfFrom(await page.text()),
    email,
    password,
  });
  const cookie = sessionCookieOf(response);
  if (response.status !== 303 || !cookie) throw new Error(`Sign-in as ${email} failed: ${response.status}`);
  return { baseUrl, cookie };
}
