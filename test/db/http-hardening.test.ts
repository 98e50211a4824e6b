/**
 * The loopback server against hostile or broken requests (issue 16, items 2, 9 and 10): path
 * parameters win over the body, prototype keys are refused, bodies are capped per route,
 * uploads are spooled before the import begins so a stalled one holds no transaction, at
 * most two uploads run at once, and a stray `%` is a 400, not a 500.
 */
import http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { callOperation } from '../../main/api/dispatch';
import { startServer, type RunningServer } from '../../main/http/server';
import type { Workspace } from '../../main/store/workspace';
import { databaseSnapshot } from '../helpers/db-snapshot';
import { goldenWorkspace, importGoldenMonth } from '../helpers/golden';
import { callOk, tempFolder } from '../helpers/temp-workspace';

const temp = tempFolder();
let workspace: Workspace;
let server: RunningServer;
const auth = { authorization: 'Bearer hardening' };

function send(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: {
          host: `127.0.0.1:${server.port}`,
          ...auth,
          ...(options.body !== undefined
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An upload that sends its first bytes and then nothing; resolves once the server has them. */
function stalledUpload(fileName: string): Promise<{ req: http.ClientRequest; answer: Promise<number> }> {
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port: server.port,
      path: `/api/imports?fileName=${fileName}`,
      method: 'POST',
      headers: { host: `127.0.0.1:${server.port}`, ...auth, 'content-type': 'text/csv' },
    });
    const answer = new Promise<number>((done) => {
      req.on('response', (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', () => done(-1));
    });
    req.write('meter_id,interval_start,interval_minutes,energy_kwh\n', () => resolve({ req, answer }));
  });
}

beforeAll(async () => {
  workspace = await goldenWorkspace(temp.file('hardening.sqlite'));
  await importGoldenMonth(workspace, temp.dir, '2022-01', {
    'gA-pv@2022-01-03T12': '10',
    'c1-main@2022-01-03T12': '4',
  });
  await callOk(workspace, 'settlement:settle', { month: '2022-01' });
  server = await startServer({ workspace, port: 0, token: 'hardening' });
});
afterAll(async () => {
  await server.close();
  await workspace.close();
  temp.cleanup();
});

describe('request input', () => {
  it('takes path parameters over the body: a body naming another import is a 400 naming both', async () => {
    const imports = await callOk(workspace, 'imports:list', { limit: 10 });
    const stored = imports.find((i: { status: string; kind: string }) => i.kind === 'readings');
    const before = await databaseSnapshot(workspace);
    const answer = await send({
      path: '/api/imports/999',
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ importId: stored.importId }),
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.message, JSON.stringify(answer.body)).toBe(
      `the path names importId "999" but the body names importId ${stored.importId}; send one value`,
    );
    expect(await databaseSnapshot(workspace)).toEqual(before);
    // The same value in both is no conflict.
    const same = await send({
      path: '/api/imports/999',
      method: 'DELETE',
      body: JSON.stringify({ importId: 999 }),
    });
    expect(same.status).toBe(409);
    expect(same.body.message).toBe('import #999 does not exist');
  });

  it('refuses __proto__, constructor and prototype keys in bodies, queries and every transport', async () => {
    const before = await databaseSnapshot(workspace);
    const body = '{"month":"2022-02","__proto__":{"allowGaps":true}}';
    const answer = await send({ path: '/api/settlements', method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe('the body names "__proto__", a key no request may carry');
    const nested = await send({
      path: '/api/settlements',
      method: 'POST',
      body: '{"month":"2022-02","options":{"constructor":{"prototype":{"allowGaps":true}}}}',
    });
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain('"options.constructor"');
    const query = await send({ path: '/api/participants?__proto__=x' });
    expect(query.status).toBe(400);
    expect(await databaseSnapshot(workspace)).toEqual(before);
    // The CLI's and the desktop's input reach the dispatcher as parsed JSON: refused there too.
    const direct = await callOperation({ workspace }, 'settlement:settle', JSON.parse(body));
    expect(direct).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { __proto__: ['is not allowed in any input'] } },
    });
  });

  it('answers a stray % in a path or a matrix parameter with a 400', async () => {
    const path = await send({ path: '/api/imports/%E0%A4%A', method: 'DELETE' });
    expect(path.status).toBe(400);
    expect(path.body.message).toContain('is not valid percent-encoding');
    const page = await send({ path: '/%' });
    expect(page.status).toBe(400);
  });

  it('caps JSON bodies per route with a 413 naming the limit, before reading them when declared', async () => {
    const big = JSON.stringify({ month: '2022-02', note: 'x'.repeat(2 * 1024 * 1024) });
    const answer = await send({ path: '/api/settlements', method: 'POST', body: big });
    expect(answer.status).toBe(413);
    expect(answer.body.message).toBe(
      `the request body of settlement:settle is ${Buffer.byteLength(big)} bytes; this server takes at most 1 MiB for it`,
    );
    const tiny = await send({
      path: '/api/settlements',
      method: 'POST',
      body: '{"month":"2022-02","x":1e-100000000}',
    });
    expect(tiny.status).toBe(400);
    expect(tiny.body.message).toBe(
      'the request body of settlement:settle: x "1e-100000000" is out of range: its exponent has 9 digits (at most 4)',
    );
    const latin = await send({
      path: '/api/settlements',
      method: 'POST',
      body: Buffer.from('{"month":"2022-02","note":"caf\xe9"}', 'latin1'),
    });
    expect(latin.status).toBe(400);
    expect(latin.body.message).toMatch(
      /^the request body of settlement:settle is not valid UTF-8 at byte offset 30/,
    );
    const notJson = await send({ path: '/api/settlements', method: 'POST', body: '{"month":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/^the request body of settlement:settle is not JSON: /);
  });
});

describe('uploads', () => {
  it('are spooled first: a stalled upload holds no transaction, a payment goes through meanwhile', async () => {
    const stalled = await stalledUpload('stalled.csv');
    const payment = await send({
      path: '/api/payments',
      method: 'POST',
      body: JSON.stringify({
        participantId: 'c1',
        month: '2022-01',
        paidOn: '2022-02-10',
        amount: '10',
        reference: 'DURING-STALL',
      }),
    });
    expect(payment.status, JSON.stringify(payment.body)).toBe(200);
    stalled.req.destroy();
    expect(await stalled.answer).toBe(-1);
  });

  it('run at most two at once: a third is answered 429 until one ends', async () => {
    const first = await stalledUpload('one.csv');
    const second = await stalledUpload('two.csv');
    const third = await send({ path: '/api/imports?fileName=three.csv', method: 'POST', body: 'meter_id\n' });
    expect(third.status).toBe(429);
    expect(third.body.message).toBe('2 uploads are in progress; send three.csv again when one has finished');
    first.req.destroy();
    second.req.destroy();
    await Promise.all([first.answer, second.answer]);
    // The slots are free again once the server has seen the two uploads end.
    let again = await send({ path: '/api/imports?fileName=four.csv', method: 'POST', body: 'meter_id\n' });
    for (let attempt = 0; again.status === 429 && attempt < 50; attempt++)
      again = await send({ path: '/api/imports?fileName=four.csv', method: 'POST', body: 'meter_id\n' });
    expect(again.status).toBe(422);
  });
});
