// Jest runs this before each test file, in that file's own copy of process.env: every suite gets its own
// messaging namespace (subjects and stream names) and, through it, its own database schemas.
const { randomBytes } = require('node:crypto');

process.env.MESSAGING_NAMESPACE = `t${randomBytes(5).toString('hex')}`;
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/saleswire_test';
process.env.NATS_URL ??= 'nats://127.0.0.1:4222';
process.env.LOG_LEVEL ??= 'silent';
