import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/domain/errors.js';
import {
  changesOf,
  checkEnoughValidators,
  checkMayValidate,
  tokenRecipients,
  type Validator,
} from '../../src/domain/operations.js';
import { errorSentence } from '../../src/phrases/index.js';

const validator = (userId: string, enabled = true, emailConfirmed = true): Validator => ({
  userId,
  name: userId,
  enabled,
  emailConfirmed,
});

/** The English sentence of the refusal `run` throws, or undefined when it throws none. */
function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return errorSentence(error, 'en');
    throw error;
  }
  return undefined;
}

describe('operations', () => {
  it('changes show old and new values, and a secret only as changed', () => {
    expect(
      changesOf(
        { Email: 'new@example.com', CurrentPassword: 'hunter2 hunter2', DryRun: false, Tag: undefined },
        {
          Email: 'old@example.com',
        },
      ),
    ).toEqual([
      { Field: 'Email', OldValue: 'old@example.com', NewValue: 'new@example.com' },
      { Field: 'CurrentPassword', Secret: true },
    ]);
    expect(changesOf({ Rights: ['TokenValidator'] }, { Rights: [] })).toEqual([
      { Field: 'Rights', OldValue: '[]', NewValue: '["TokenValidator"]' },
    ]);
  });

  it('tokens go to validators who can receive them, never the requester under OtherValidator', () => {
    const all = [validator('a'), validator('b'), validator('c', false), validator('d', true, false)];
    expect(tokenRecipients(all, 'a', 'OtherValidator').map((v) => v.userId)).toEqual(['b']);
    expect(tokenRecipients(all, 'a', 'AnyValidator').map((v) => v.userId)).toEqual(['a', 'b']);
  });

  it('four eyes: the requester may validate only under AnyValidator', () => {
    expect(refusal(() => checkMayValidate('OtherValidator', 'a', 'a'))).toMatch(
      /another token validator must confirm it/,
    );
    expect(refusal(() => checkMayValidate('OtherValidator', 'a', 'b'))).toBeUndefined();
    expect(refusal(() => checkMayValidate('AnyValidator', 'a', 'a'))).toBeUndefined();
  });

  it('turning the option on needs two ready validators for OtherValidator, one for AnyValidator, and names who lacks what', () => {
    const some = [validator('owner'), validator('ops', true, false), validator('sec', false)];
    expect(refusal(() => checkEnoughValidators('OtherValidator', some))).toBe(
      'OtherValidator needs 2 token validators with a confirmed email; 1 can receive tokens. Validators who cannot: ops (email not confirmed), sec (disabled).',
    );
    expect(refusal(() => checkEnoughValidators('AnyValidator', some))).toBeUndefined();
    expect(refusal(() => checkEnoughValidators('AnyValidator', []))).toMatch(/Validators who cannot: none/);
  });
});
