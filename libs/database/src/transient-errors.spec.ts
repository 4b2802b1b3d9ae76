import { QueryFailedError } from 'typeorm';
import { isConnectFailure, isRerunnableTransactionError, isTransientDatabaseError } from './transient-errors';

/** An error as pg reports a server's answer: a message and its SQLSTATE. */
function pgError(code: string, message = 'server error'): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** The same, as TypeORM wraps a failed query. */
function queryFailed(code: string, message = 'server error'): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], pgError(code, message));
}

describe('transient database errors', () => {
  it.each([
    ['a connection exception (08006)', queryFailed('08006')],
    ['a connection that cannot be made (08001)', pgError('08001')],
    ['the server shutting down (57P01)', queryFailed('57P01', 'terminating connection due to administrator command')],
    ['a crash shutdown (57P02)', pgError('57P02')],
    ['the server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', pgError('53300')],
    ['a serialization failure (40001)', queryFailed('40001')],
    ['a deadlock (40P01)', queryFailed('40P01')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connection ended by the server', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a TypeORM error around a dropped connection', new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
  ])('should call %s transient', (_case, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', queryFailed('23505')],
    ['a syntax error (42601)', queryFailed('42601')],
    ['an undefined table (42P01)', queryFailed('42P01')],
    ['a check violation (23514)', pgError('23514')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
  ])('should not call %s transient', (_case, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });

  it('should rerun a whole transaction only after a serialization failure or a deadlock', () => {
    expect(isRerunnableTransactionError(queryFailed('40001'))).toBe(true);
    expect(isRerunnableTransactionError(queryFailed('40P01'))).toBe(true);
    expect(isRerunnableTransactionError(queryFailed('57P01'))).toBe(false);
    expect(isRerunnableTransactionError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });

  it('should retry opening a connection only when nothing can have been sent', () => {
    expect(isConnectFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectFailure(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isConnectFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isConnectFailure(new Error('Connection terminated unexpectedly'))).toBe(false);
  });
});
