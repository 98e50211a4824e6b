import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { fixturesDir, smallWorkspace, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
let server: RunningServer;

/** A raw request, so the Host header can be anything (fetch would not let us forge it). */
function request(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { authorization: 'Bearer test-token' };

beforeAll(async () => {
  workspace = await smallWorkspace(temp.file('http.sqlite'));
  const rendererDir = temp.file('renderer');
  (await import('node:fs')).mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  (await import('node:fs')).writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Energy Ledger</title>',
  );
  server = await startServer({ workspace, port: 0, token: 'test-token', rendererDir });
});
afterAll(async () => {
  await server.close();
  await workspace.close();
  temp.cleanup();
});

describe('the loopback server', () => {
  it('prints a URL on 127.0.0.1 that hands the token over in its fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=test-token`);
  });

  it('refuses API requests without the token or with a wrong one', async () => {
    expect((await request({ path: '/api/participants' })).status).toBe(401);
    expect(
      (await request({ path: '/api/participants', headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    expect(
      (await request({ path: '/api/participants', headers: { authorization: 'test-token' } })).status,
    ).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const response = await request({
      path: '/api/participants',
      headers: { ...auth, host: 'attacker.example:80' },
    });
    expect(response.status).toBe(421);
    expect((await request({ path: '/', headers: { host: `evil.test:${server.port}` } })).status).toBe(421);
  });

  it('answers operations under their paths in the seeds’ envelope', async () => {
    const response = await request({ path: '/api/participants', headers: auth });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      data: [
        { id: 'con-b', name: 'Consumer B', role: 'consumer' },
        { id: 'con-c', name: 'Consumer C', role: 'consumer' },
        { id: 'gen-a', name: 'Generator A', role: 'prosumer' },
      ],
    });
    const meters = await request({ path: '/api/meters?participantId=gen-a', headers: auth });
    expect(JSON.parse(meters.body).data).toHaveLength(1);
    const definition = await request({ path: '/api/workspace', headers: auth });
    expect(JSON.parse(definition.body).data.pools[0].members[1]).toEqual({
      participantId: 'con-b',
      effectiveFrom: '2022-01-01',
      rank: 1,
    });
  });

  it('answers 422 with the field errors themselves, 404 for unknown things, 405 for a wrong method', async () => {
    const invalid = await request({
      path: '/api/meters/con-b-main/readings?from=2022-01-01&to=yesterday',
      headers: auth,
    });
    expect(invalid.status).toBe(422);
    expect(JSON.parse(invalid.body)).toEqual({ to: ['must be a date YYYY-MM-DD'] });
    const unknown = await request({
      path: '/api/meters/nope/readings?from=2022-01-01&to=2022-01-01',
      headers: auth,
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toEqual({ code: 'not_found', message: 'meter "nope" does not exist' });
    expect((await request({ path: '/api/nothing-here', headers: auth })).status).toBe(404);
    expect((await request({ path: '/api/participants', method: 'DELETE', headers: auth })).status).toBe(405);
  });

  it('imports an uploaded file as a stream, pushing progress and the result as server-sent events', async () => {
    const body = readFileSync(path.join(fixturesDir, 'readings', 'hourly-kwh.input.csv'));
    const response = await request({
      path: '/api/imports?fileName=hourly-kwh.csv',
      method: 'POST',
      headers: { ...auth, accept: 'text/event-stream', 'content-type': 'text/csv' },
      body,
    });
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.body).toContain('event: progress\ndata: {"fileName":"hourly-kwh.csv","bytesRead":');
    expect(response.body).toMatch(/"rowsPerSecond":\d+,"bytesTotal":\d+,"secondsLeft":\d+/);
    const result = JSON.parse(response.body.split('event: result\ndata: ')[1]!.trim());
    expect(result).toMatchObject({ ok: true, value: { kind: 'readings', rowsStored: 4, status: 'stored' } });
    const bad = await request({
      path: '/api/imports?fileName=bad.csv',
      method: 'POST',
      headers: auth,
      body: readFileSync(path.join(fixturesDir, 'readings', 'bad-rows.input.csv')),
    });
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body)['bad.csv:3:meter_id']).toEqual(['"nobody" is not a meter of this workspace']);
  });

  it('serves the renderer with a strict CSP and never files outside it', async () => {
    const page = await request({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(
      /default-src 'self'; script-src 'self'; style-src 'self'/,
    );
    expect((await request({ path: '/../../etc/passwd' })).status).toBe(404);
    expect((await request({ path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  });
});

describe('the seed-000 views over HTTP', () => {
  it('answer in their own envelope, with 422 field errors and 404s naming the role', async () => {
    const unsettled = await request({
      path: '/api/prosumer/gen-a/transactions?month=1&year=2022&meterType=1',
      headers: auth,
    });
    expect(unsettled.status).toBe(200);
    expect(JSON.parse(unsettled.body)).toEqual({
      data: {
        meterType: '1',
        settled: false,
        message:
          '2022-01 has no published settlement run; settle it first (energy-ledger settle --month 2022-01)',
      },
    });
    const badPeriod = await request({
      path: '/api/prosumer/gen-a/breakdown?period=Q&date=2022-01-01&meterType=1',
      headers: auth,
    });
    expect(badPeriod.status).toBe(422);
    expect(JSON.parse(badPeriod.body)).toEqual({ period: ['must be one of D, W, Y'] });
    const missing = await request({
      path: '/api/prosumer/gen-a/transactions?year=2022&meterType=x',
      headers: auth,
    });
    expect(JSON.parse(missing.body)).toEqual({ month: ['is required'], meterType: ['must be an integer'] });
    const role = await request({ path: '/api/prosumer/con-b/revenue?meterType=1', headers: auth });
    expect(role.status).toBe(404);
    expect(JSON.parse(role.body).message).toBe(
      'participant "con-b" is a consumer, not a prosumer; use /api/consumer/con-b/…',
    );
    expect(
      (await request({ path: '/api/consumer/ghost/overview?month=1&year=2022&meterType=1', headers: auth }))
        .status,
    ).toBe(404);
  });
});
