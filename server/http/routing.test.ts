import express, { Router } from 'express';
import request from 'supertest';
import { routerFor } from './routing';

function appWith(prefixes: string[]) {
  const consulted: string[] = [];
  const router = Router();
  router.use((req, _res, next) => {
    consulted.push(req.path);
    next();
  });
  router.get('/providers', (_req, res) => res.send('list'));
  router.get('/providers/:id', (req, res) => res.send(`one ${req.params.id}`));
  router.get('/elsewhere', (_req, res) => res.send('outside its prefixes'));
  const app = express();
  app.use(routerFor(prefixes, router));
  app.use((_req, res) => res.status(404).send('fell through'));
  return { app, consulted, router };
}

test('a module router answers the paths under its prefixes, with their full path and parameters', async () => {
  const { app } = appWith(['/providers']);
  expect((await request(app).get('/providers')).text).toBe('list');
  expect((await request(app).get('/providers/7?x=1')).text).toBe('one 7');
});

test('other paths pass it by without consulting it, prefix boundaries included', async () => {
  const { app, consulted } = appWith(['/providers']);
  for (const path of ['/providersx', '/provider', '/elsewhere', '/']) {
    const response = await request(app).get(path);
    expect(response.status).toBe(404);
    expect(response.text).toBe('fell through');
  }
  expect(consulted).toEqual([]);
});

test('the handler shows the router’s routes as a router does', () => {
  const { router } = appWith(['/providers']);
  expect(routerFor(['/providers'], router).stack).toBe(router.stack);
});
