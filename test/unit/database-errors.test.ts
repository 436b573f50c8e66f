import { describe, expect, it } from 'vitest';
import { describeError, failureLevel, isDatabaseUnavailable } from '../../src/store/database-errors.js';

const refused = (address: string) =>
  Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });

describe('database errors', () => {
  it('a read-only server (25006, a replica after a failover) is the database away, not a fault of the request', () => {
    const readOnly = Object.assign(new Error('cannot execute UPDATE in a read-only transaction'), { code: '25006' });
    expect(isDatabaseUnavailable(readOnly)).toBe(true);
    expect(failureLevel(readOnly)).toBe('warn');
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(failureLevel(new Error('a defect'))).toBe('error');
  });

  it("an error's line in the log is never empty: an AggregateError tells the errors it holds", () => {
    const both = new AggregateError([refused('127.0.0.1:5432'), refused('::1:5432')], '');
    expect(both.message).toBe('');
    // The code is said once: the message names it already.
    expect(describeError(both)).toBe('connect ECONNREFUSED 127.0.0.1:5432; connect ECONNREFUSED ::1:5432');
    expect(isDatabaseUnavailable(both)).toBe(true);
    expect(describeError(Object.assign(new Error(''), { code: '57P01' }))).toBe('57P01: Error');
    expect(describeError('plain')).toBe('plain');
  });
});
