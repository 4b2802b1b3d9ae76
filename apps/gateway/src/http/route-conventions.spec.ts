import { Body, Controller, Get, Module, Patch } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { encodeCursor } from '@saleswire/contracts';
import { ForbiddenError, NotFoundError, ProblemError } from '@saleswire/messaging';
import { IsString } from 'class-validator';
import request from 'supertest';
import { ProblemFilter } from './problem.filter';
import {
  IdParam,
  IfMatchVersion,
  readPage,
  versionFromIfMatch,
  versionFromOptionalIfMatch,
  WithEtag,
  type CursorPosition,
} from './route-conventions';
import { createValidationPipe } from './validation.pipe';

const ID = '01936f0e-8a4b-7c3d-9e2f-000000000001';

class RenameInput {
  @IsString()
  name!: string;
}

@Controller('things')
class ThingsController {
  @Get(':id')
  @WithEtag()
  get(@IdParam() id: string): { id: string; version: number } {
    return { id, version: 3 };
  }

  @Get(':id/unversioned')
  @WithEtag()
  unversioned(@IdParam() id: string): { id: string } {
    return { id };
  }

  @Patch(':id')
  @WithEtag()
  rename(@IdParam() id: string, @IfMatchVersion() expectedVersion: number, @Body() body: RenameInput): object {
    return { id, name: body.name, expectedVersion, version: expectedVersion + 1 };
  }
}

@Controller('jobs')
class JobsController {
  @Get(':jobId')
  get(@IdParam('jobId') jobId: string): { jobId: string } {
    return { jobId };
  }
}

@Module({ controllers: [ThingsController, JobsController] })
class ConventionsTestModule {}

describe('route conventions', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ConventionsTestModule, new FastifyAdapter(), { logger: false, abortOnError: false });
    app.useGlobalFilters(new ProblemFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (url: string) => request(app.getHttpServer()).get(url);
  const patch = (id: string, body: object, ifMatch?: string) => {
    const req = request(app.getHttpServer()).patch(`/things/${id}`);
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };

  describe('IdParam', () => {
    it.each([
      ['/things/42', 'a number'],
      ['/things/not-a-uuid', 'a word'],
      [`/things/${ID.slice(0, -1)}`, 'a UUID one digit short'],
      ['/jobs/job-1', 'a word in a parameter named otherwise'],
    ])('should answer 400 naming id when the path %s holds %s', async (url) => {
      const response = await get(url);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, errors: [{ field: 'id', message: expect.any(String) }] });
    });

    it.each([[`/things/${ID}`, { id: ID }], [`/jobs/${ID}`, { jobId: ID }]])('should pass the id on when %s holds a UUID', async (url, body) => {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject(body);
    });
  });

  describe('versionFromIfMatch', () => {
    it.each([
      ['3', 3],
      ['"3"', 3],
      ['W/"12"', 12],
      [' "7" ', 7],
      [['"4"', '"5"'], 4],
    ])('should read the version when the header is %p', (header, version) => {
      expect(versionFromIfMatch(header)).toBe(version);
    });

    it.each([
      [428, 'missing', undefined],
      [428, 'empty', ''],
      [428, 'blank', '  '],
      [400, 'a word', 'latest'],
      [400, 'zero', '"0"'],
      [400, 'two versions', '"1", "2"'],
      [400, 'a star', '*'],
    ])('should answer %i when the header is %s (%p)', (status, _case, header) => {
      expect(() => versionFromIfMatch(header)).toThrow(expect.objectContaining({ status }));
      expect(() => versionFromIfMatch(header)).toThrow(ProblemError);
    });
  });

  describe('versionFromOptionalIfMatch', () => {
    it.each([
      [undefined, undefined],
      ['"3"', 3],
      ['W/"12"', 12],
    ])('should answer %p as %p', (header, version) => {
      expect(versionFromOptionalIfMatch(header)).toBe(version);
    });

    it.each([[''], ['  '], ['latest'], ['"0"'], ['*']])('should answer 400 when the header is %p', (header) => {
      expect(() => versionFromOptionalIfMatch(header)).toThrow(expect.objectContaining({ status: 400 }));
    });
  });

  describe('IfMatchVersion', () => {
    it('should pass the version on and answer the new one as ETag when If-Match names one', async () => {
      const response = await patch(ID, { name: 'x' }, '"3"');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ expectedVersion: 3 });
      expect(response.headers.etag).toBe('"4"');
    });

    it.each([
      ['428 naming no field', undefined, 428, []],
      ['400 naming If-Match', 'abc', 400, [{ field: 'If-Match', message: expect.any(String) }]],
    ])('should answer %s when the header is %p', async (_case, ifMatch, status, errors) => {
      const response = await patch(ID, { name: 'x' }, ifMatch);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status, errors });
    });

    it.each([
      ['id', 'a malformed id', 'no', '42', { name: 'x' }, undefined],
      ['name', 'an invalid body', 'no', ID, { name: 1 }, undefined],
      ['name', 'an invalid body', 'a malformed', ID, { name: 1 }, 'abc'],
    ])('should answer 400 naming %s first when %s comes with %s If-Match', async (field, _case, _ifMatchCase, id, body, ifMatch) => {
      const response = await patch(id, body, ifMatch);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('should document If-Match as a required header when a route reads the version', () => {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      expect(document.paths['/things/{id}'].patch?.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]),
      );
    });
  });

  describe('WithEtag', () => {
    it.each([
      ['ETag "3"', 'has version 3', `/things/${ID}`, '"3"'],
      ['no ETag', 'has no version', `/things/${ID}/unversioned`, undefined],
    ])('should send %s when the answered record %s', async (_etag, _case, url, etag) => {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe(etag);
    });
  });

  describe('scope errors', () => {
    it.each([
      [404, 'a record is missing or outside the scope', new NotFoundError('Partner', ID), 'Partner not found'],
      [403, 'the role may not', new ForbiddenError('This needs one of the roles: admin.'), 'Forbidden'],
    ])('should answer %i when %s', (status, _case, error, title) => {
      expect(error.toProblem()).toMatchObject({ status, title });
    });

    it('should not tell a record out of scope from a missing one when it explains the 404', () => {
      expect(new NotFoundError('Partner', ID).detail).not.toMatch(/scope|allowed|permission|exists/i);
    });
  });

  describe('readPage', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `row-${i}` }));
    const reader = (after: CursorPosition | null, take: number): Promise<Array<{ id: string }>> => {
      const start = after ? rows.findIndex((row) => row.id === after.id) + 1 : 0;
      return Promise.resolve(rows.slice(start, start + take));
    };

    it.each([
      ['the first rows and a cursor', 'more rows follow', {}, 2, ['row-0', 'row-1'], 'row-1'],
      ['the rows after the cursor', 'a cursor is given', { cursor: encodeCursor({ id: 'row-1' }) }, 2, ['row-2', 'row-3'], 'row-3'],
      ['no cursor', 'no row follows', { cursor: encodeCursor({ id: 'row-2' }) }, 2, ['row-3', 'row-4'], null],
      ['every row', 'the default size holds them', {}, undefined, ['row-0', 'row-1', 'row-2', 'row-3', 'row-4'], null],
    ])('should answer %s when %s', async (_answer, _case, cursor, limit, ids, lastId) => {
      const page = await readPage({ ...cursor, limit }, reader, (row) => ({ id: row.id }));
      expect(page.items.map((row) => row.id)).toEqual(ids);
      expect(page.nextCursor).toBe(lastId === null ? null : encodeCursor({ id: lastId }));
    });

    it.each([
      ['does not decode', 'garbage!', undefined],
      ['decodes to no object', encodeCursor({ id: 'row-1' }).slice(0, 3), undefined],
      ['holds a position the list refuses', encodeCursor({ id: 'x' }), (position: CursorPosition) => position.id === 'row-1'],
    ])('should answer 400 naming cursor and read nothing when the cursor %s', async (_case, cursor, isPosition) => {
      const read = jest.fn(reader);
      const error: unknown = await readPage({ cursor }, read, (row) => ({ id: row.id }), isPosition).catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, errors: [{ field: 'cursor', message: 'cursor must be a cursor returned by a previous page' }] });
      expect(read).not.toHaveBeenCalled();
    });

    it('should read one row more than the page holds when it reads a page', async () => {
      const read = jest.fn(reader);
      await readPage({ limit: 2 }, read, (row) => ({ id: row.id }));
      await readPage({}, read, (row) => ({ id: row.id }));
      expect(read.mock.calls.map(([, take]) => take)).toEqual([3, 51]);
    });
  });
});
