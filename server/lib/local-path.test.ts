import { localPathOrUndefined } from './local-path';

test.each([
  '/',
  '/admin/users',
  '/admin/users?status=invited',
  '/provider/exercises/8f0e4a8e-3c1f-4f57-9a59-2f7a6c1d2b3e',
  '/exercises?search=%2F%2Fevil.test',
  '/exercises#main-content',
])('%j is kept', (path) => {
  expect(localPathOrUndefined(path)).toBe(path);
});

test.each([
  undefined,
  '',
  'admin',
  '//evil.test',
  '///evil.test',
  'https://evil.test',
  'https:evil.test',
  'javascript:alert(1)',
  ' /admin',
  '/\\evil.test',
  '\\\\evil.test',
  '/%5Cevil.test',
  '/%2F%2Fevil.test',
  '/%2f/evil.test',
  '/%252F%252Fevil.test',
  '/\t/evil.test',
  '/%09/evil.test',
  '/%0d%0aSet-Cookie:x=1',
  '/%E0%A4%A',
])('%j is refused', (value) => {
  expect(localPathOrUndefined(value)).toBeUndefined();
});
