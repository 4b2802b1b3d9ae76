import { Test } from 'supertest';
import { generateOpenApiDocument } from '../src/openapi-document';
import { AnswerSchemaCheck } from './answer-schema.check';

// Installed for the gateway's end-to-end suites (jest.config.cjs, setupFilesAfterEnv): every answer a suite gets
// through supertest is checked against the document the gateway serves (the same one, built in preview mode:
// openapi.e2e-spec.ts) before the suite's own expectations see it. A mismatch fails the request (its promise
// rejects with the operation, status and fields) and, should a suite catch that, the test in afterEach.

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
  beforeAll(async () => {
    check = new AnswerSchemaCheck(await generateOpenApiDocument({ LOG_LEVEL: 'silent' }));
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
    if (found.length > 0) throw new Error(`Answers that do not match the OpenAPI document:\n  ${found.join('\n  ')}`);
  });
}
