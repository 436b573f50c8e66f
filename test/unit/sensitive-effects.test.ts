import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type RootOperationNode,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { sensitiveEffectsOf } from '../../src/store/sensitive-writes.js';

// Statements are built, never run: the watcher reads what Kysely is about to send.
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new SqliteIntrospector(kysely),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const effectsOf = (query: { toOperationNode(): RootOperationNode }) => sensitiveEffectsOf(query.toOperationNode());

describe('the sensitive-write watcher', () => {
  it('ASVS 7.5.3: names the sensitive change of each shape of write, and none of the others', () => {
    expect(effectsOf(db.updateTable('users').set({ rights: '[]' }).where('user_id', '=', 'u'))).toEqual(['UserRights']);
    expect(effectsOf(db.updateTable('users').set({ first_name: 'Ana' }))).toEqual([]);
    expect(effectsOf(db.updateTable('users').set({ pending_email: null }))).toEqual([]);
    expect(effectsOf(db.updateTable('users').set({ pending_email: 'a@example.com' }))).toEqual(['UserLogin']);
    expect(effectsOf(db.updateTable('access_keys').set({ state: 'INACTIVE' }))).toEqual([]);
    expect(effectsOf(db.updateTable('access_keys').set({ state: 'ACTIVE' }))).toEqual(['ActiveAccessKey']);
    expect(effectsOf(db.deleteFrom('identities').where('user_id', '=', 'u'))).toEqual(['LinkedLogin']);
    expect(effectsOf(db.deleteFrom('sessions'))).toEqual([]);
    const unconfirmed = { user_id: 'u', secret_sealed: 's', created_at: 1, confirmed_at: null, last_step: null };
    expect(effectsOf(db.insertInto('totp_factors').values(unconfirmed))).toEqual([]);
    expect(effectsOf(db.insertInto('totp_factors').values({ ...unconfirmed, confirmed_at: 1 }))).toEqual([
      'SecondFactor',
    ]);
  });

  it('ASVS 7.5.3: a write it cannot read row by row, or hidden in a WITH clause, counts as sensitive', () => {
    const copied = db
      .insertInto('users')
      .columns(['user_id', 'account_id'])
      .expression(db.selectFrom('users').select(['user_id', 'account_id']));
    expect(effectsOf(copied)).toEqual(['UserExistence']);
    expect(effectsOf(db.insertInto('passkeys').defaultValues())).toEqual(['SecondFactor']);
    const hidden = db
      .with('granted', (qb) => qb.updateTable('users').set({ rights: '["ManageUsers"]' }).returning('user_id'))
      .selectFrom('granted')
      .select('user_id');
    expect(effectsOf(hidden)).toEqual(['UserRights']);
    expect(effectsOf(db.selectFrom('users').selectAll())).toEqual([]);
  });
});
