import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { BASELINE_SECURITY_HEADERS } from './browser-access';
import { clientErrorAsProblem, frameworkErrorAsProblem, PROBLEM_CONTENT_TYPE } from './problem';

describe('answers Fastify and Node give outside Nest', () => {
  it.each([
    ['a path Fastify cannot decode', 400, 400],
    ['a path parameter over its length', 414, 414],
    ['an error without a client status', undefined, 400],
  ])('should answer a problem document when the URL is %s', (_case, statusCode, status) => {
    const sent: Record<string, unknown> = {};
    const reply = {
      code: (code: number) => ((sent.status = code), reply),
      header: (name: string, value: string) => ((sent[name] = value), reply),
      send: (body: unknown) => ((sent.body = body), reply),
    } as unknown as FastifyReply;
    frameworkErrorAsProblem(Object.assign(new Error('bad url'), { statusCode }) as FastifyError, {} as FastifyRequest, reply);
    expect(sent).toEqual({
      status,
      'content-type': PROBLEM_CONTENT_TYPE,
      // Written outside Fastify's hooks, so helmet's headers are set here.
      ...BASELINE_SECURITY_HEADERS,
      body: expect.objectContaining({ status, title: expect.any(String), detail: expect.any(String), errors: [] }),
    });
  });

  it.each([
    ['HPE_HEADER_OVERFLOW', 431],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_INVALID_METHOD', 400],
  ])('should write a problem document and close the connection when Node refuses a request with %s', (code, status) => {
    const written: string[] = [];
    const socket = { destroyed: false, writable: true, write: (text: string) => written.push(text), destroy: jest.fn() };
    clientErrorAsProblem(Object.assign(new Error('refused'), { code }), socket as unknown as Socket);
    const [head, body] = written[0].split('\r\n\r\n');
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} .*\\r\\nContent-Type: application/problem\\+json`));
    expect(head).toContain('\r\nX-Content-Type-Options: nosniff\r\n');
    expect(JSON.parse(body)).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    expect(socket.destroy).toHaveBeenCalled();
  });

  it('should write nothing when the client already went away', () => {
    const socket = { destroyed: false, writable: true, write: jest.fn(), destroy: jest.fn() };
    clientErrorAsProblem(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket as unknown as Socket);
    expect(socket.write).not.toHaveBeenCalled();
  });
});
