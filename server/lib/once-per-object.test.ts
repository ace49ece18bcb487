import { oncePerObject } from './once-per-object';

test('computes once for each object, including a result of undefined', () => {
  const seen: object[] = [];
  const first = { name: 'first' };
  const second = { name: 'second' };
  const lookUp = oncePerObject((key: { name: string }) => {
    seen.push(key);
    return key.name === 'first' ? key.name.length : undefined;
  });
  expect([lookUp(first), lookUp(first), lookUp(second), lookUp(second)]).toEqual([
    5,
    5,
    undefined,
    undefined,
  ]);
  expect(seen).toEqual([first, second]);
});
