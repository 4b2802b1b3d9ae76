import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Test } from 'supertest';
import { AnswerSchemaCheck } from './answer-schema.check';

// Installed for the gateway's end-to-end suites (jest.config.cjs, setupFilesAfterEnv): every answer a suite gets
// through supertest is checked against the document the gateway serves before the suite's own expectations see
// it. A mismatch fails the request (its promise rejects with the operation, status and fields) and, should a
// suite catch that, the test in afterEach. The document is the committed one, docs/openapi.json, which
// openapi-document.spec.ts proves is the code's and openapi.e2e-spec.ts that the gateway serves it; building it
// here instead (Nest's preview mode in the suite's own process) kept the suites' gateways from starting.

const DOCUMENT = path.resolve(__dirname, '../../../docs/openapi.json');

const isEndToEnd = (): boolean => /\.e2e-spec\.ts$/.test(expect.getState().testPath ?? '');
let check: AnswerSchemaCheck | undefined;
const mismatches: string[] = [];

type Assert = (this: Test, error: Error | null, response: Response | undefined, done?: (error: Error | null, response?: Response) => void) => void;
interface Response {
  status: number;
  headers: Record<string, string | undefined>;
  body: unknown;
}

if (isEndToEnd()) {
  beforeAll(() => {
    check = new AnswerSchemaCheck(JSON.parse(readFileSync(DOCUMENT, 'utf8')) as OpenAPIObject);
  });

  const prototype = Test.prototype as unknown as { assert: Assert; method: string; url: string };
  const assert = prototype.assert;
  prototype.assert = function (this: Test & { method: string; url: string }, error, response, done) {
    const mismatch = response && check ? check.check(this.method, this.url, response.status, response.headers['content-type'], response.body) : undefined;
    if (!mismatch) return assert.call(this, error, response, done);
    mismatches.push(mismatch);
    return done?.call(this, new Error(mismatch), response);
  } as Assert;

  afterEach(() => {
    const found = mismatches.splice(0);
    if (found.length > 0) {
      throw new Error(`Answers that do not match the OpenAPI document (docs/openapi.json: after an API change, \`node tools/openapi.mjs --out=docs/openapi.json\`):\n  ${found.join('\n  ')}`);
    }
  });
}
