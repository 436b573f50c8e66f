import { describe, expect, it } from 'vitest';
import {
  authorize,
  checkMayManage,
  checkRightsChange,
  namesAnotherUser,
  type Access,
  type Caller,
} from '../../src/domain/authorization.js';
import { checkPath, checkUserName } from '../../src/domain/eim-names.js';
import { ApiError } from '../../src/domain/errors.js';
import { RightsCatalogue } from '../../src/domain/rights.js';

const owner: Caller = { accountId: '111111111111', isOwner: true, userName: null, rights: new RightsCatalogue().all() };
const manager: Caller = {
  accountId: '111111111111',
  isOwner: false,
  userName: 'Mia',
  rights: new Set(['ManageUsers', 'ManageNetwork']),
};
const plain: Caller = { accountId: '111111111111', isOwner: false, userName: 'paul', rights: new Set() };

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.status}/${error.kind}` : 'other';
  }
}

describe('authorize', () => {
  const manageUsers: Access = { kind: 'right', right: 'ManageUsers' };
  const ownOrManage: Access = { kind: 'right-for-others', right: 'ManageUsers', notForSelf: ['Rights'] };
  const account: Access = { kind: 'right', right: 'ManageAccount', ownerOnly: ['Email'] };

  it('ASVS 8.2.1: a right-gated call needs the right; the owner holds every right', () => {
    expect(refusal(() => authorize('CreateUser', manageUsers, plain, {}))).toBe('403/NotAuthorized');
    expect(refusal(() => authorize('CreateUser', manageUsers, manager, {}))).toBeUndefined();
    expect(refusal(() => authorize('CreateUser', manageUsers, owner, {}))).toBeUndefined();
  });

  it('a user acts on their own things freely, and needs the right for anyone else (names compared without case)', () => {
    expect(refusal(() => authorize('UpdateUserDetails', ownOrManage, plain, { FirstName: 'P' }))).toBeUndefined();
    expect(
      refusal(() => authorize('UpdateUserDetails', ownOrManage, plain, { UserName: 'PAUL', FirstName: 'P' })),
    ).toBeUndefined();
    expect(refusal(() => authorize('UpdateUserDetails', ownOrManage, plain, { UserName: 'mia' }))).toBe(
      '403/NotAuthorized',
    );
    expect(namesAnotherUser(owner, { UserName: 'paul' })).toBe(true);
  });

  it('ASVS 8.2.3: no one changes their own rights, not even the owner; only the owner sends owner-only fields', () => {
    expect(refusal(() => authorize('UpdateUserDetails', ownOrManage, manager, { Rights: [] }))).toBe(
      '403/NotAuthorized',
    );
    expect(refusal(() => authorize('UpdateUserDetails', ownOrManage, owner, { Rights: [] }))).toBe('403/NotAuthorized');
    expect(
      refusal(() => authorize('UpdateUserDetails', ownOrManage, manager, { UserName: 'paul', Rights: [] })),
    ).toBeUndefined();
    const accountManager: Caller = { ...plain, rights: new Set(['ManageAccount']) };
    expect(refusal(() => authorize('UpdateAccount', account, accountManager, { City: 'Lyon' }))).toBeUndefined();
    expect(refusal(() => authorize('UpdateAccount', account, accountManager, { Email: 'x@example.com' }))).toBe(
      '403/NotAuthorized',
    );
    expect(refusal(() => authorize('UpdateAccount', account, owner, { Email: 'x@example.com' }))).toBeUndefined();
  });

  it('ASVS 8.2.1: a platform-only call is refused to every customer account, whatever its rights, and needs its right in the platform account', () => {
    const verify: Access = { kind: 'right', right: 'VerifyRequests', platformOnly: true };
    const platform = '222222222222';
    const service: Caller = { ...plain, accountId: platform, rights: new Set(['VerifyRequests']) };
    expect(refusal(() => authorize('VerifyRequest', verify, owner, {}, platform))).toBe('403/NotAuthorized');
    expect(refusal(() => authorize('VerifyRequest', verify, service, {}, platform))).toBeUndefined();
    expect(refusal(() => authorize('VerifyRequest', verify, { ...service, rights: new Set() }, {}, platform))).toBe(
      '403/NotAuthorized',
    );
    // An installation without a platform account has no platform services.
    expect(refusal(() => authorize('VerifyRequest', verify, service, {}))).toBe('403/NotAuthorized');
  });

  it('ATK-43: rights move only within the rights the mover holds', () => {
    expect(refusal(() => checkRightsChange(manager, [], ['ManageNetwork']))).toBeUndefined();
    expect(refusal(() => checkRightsChange(manager, [], ['ManageAccount']))).toBe('403/NotAuthorized');
    expect(refusal(() => checkRightsChange(manager, ['TokenValidator'], []))).toBe('403/NotAuthorized');
    expect(
      refusal(() => checkRightsChange(manager, ['TokenValidator', 'ManageNetwork'], ['TokenValidator'])),
    ).toBeUndefined();
  });

  it('ATK-45: a manager manages only users whose rights they all hold themself', () => {
    expect(refusal(() => checkMayManage(manager, ['ManageNetwork', 'ManageUsers']))).toBeUndefined();
    expect(refusal(() => checkMayManage(manager, ['ManageNetwork', 'TokenValidator']))).toBe('403/NotAuthorized');
    expect(refusal(() => checkMayManage(owner, ['TokenValidator', 'Support']))).toBeUndefined();
  });
});

describe('the rights catalogue', () => {
  it("adds the platform's rights to Tessera's, refuses unknown and repeated names, and keeps its own order", () => {
    const catalogue = new RightsCatalogue([{ name: 'ManageDns', description: { en: 'DNS', fr: 'DNS' } }]);
    expect(catalogue.names().at(-1)).toBe('ManageDns');
    expect(catalogue.parse('Rights', ['ManageDns', 'TokenValidator'])).toEqual(['TokenValidator', 'ManageDns']);
    expect(refusal(() => catalogue.parse('Rights', ['Root']))).toBe('400/InvalidParameterValue');
    expect(refusal(() => catalogue.parse('Rights', ['ManageDns', 'ManageDns']))).toBe('400/InvalidParameterValue');
    expect(() => new RightsCatalogue([{ name: 'ManageUsers', description: { en: '', fr: '' } }])).toThrow(/twice/);
    expect(() => new RightsCatalogue([{ name: 'lower', description: { en: '', fr: '' } }])).toThrow(/not valid/);
    const account = { accountId: '111111111111', isOwner: false, storedRights: '["ManageDns"]' };
    expect(catalogue.held(account, undefined)).toEqual(new Set(['ManageDns']));
    expect(catalogue.held({ ...account, isOwner: true }, '111111111111').size).toBe(10);
  });

  it("ASVS 8.2.1: platform-only rights are held, offered and granted only in the platform's own account", () => {
    const catalogue = new RightsCatalogue([{ name: 'ManageDns', description: { en: 'DNS', fr: 'DNS' } }]);
    const platform = '999999999999';
    const customerOwner = { accountId: '111111111111', isOwner: true, storedRights: '[]' };
    const platformOnly = ['Support', 'SubmitOperations', 'VerifyRequests'];
    const customerRights = catalogue.names().filter((name) => !platformOnly.includes(name));
    // A customer's owner holds every right but the platform's own, with or without a platform account named.
    expect([...catalogue.held(customerOwner, platform)]).toEqual(customerRights);
    expect([...catalogue.held(customerOwner, undefined)]).toEqual(customerRights);
    expect([...catalogue.held({ ...customerOwner, accountId: platform }, platform)]).toEqual(catalogue.names());
    // A right stored for a customer's user before it was platform-only is held by no one.
    const legacy = { accountId: '111111111111', isOwner: false, storedRights: '["TokenValidator","VerifyRequests"]' };
    expect([...catalogue.held(legacy, platform)]).toEqual(['TokenValidator']);
    expect([...catalogue.held({ ...legacy, accountId: platform }, platform)]).toEqual([
      'TokenValidator',
      'VerifyRequests',
    ]);
    expect(catalogue.offered('111111111111', platform).map((right) => right.name)).toEqual(customerRights);
    expect(catalogue.offered(platform, platform).map((right) => right.name)).toEqual(catalogue.names());
    expect(catalogue.notOffered(['ManageDns', 'Support'], '111111111111', platform)).toEqual(['Support']);
    expect(catalogue.notOffered(['ManageDns', 'Support'], platform, platform)).toEqual([]);
  });
});

describe('OAPI names and paths', () => {
  it('UserName: 1 to 64 of letters, digits and + = , . @ - _', () => {
    expect(checkUserName('UserName', 'a+b=c,d.e@f-g_h')).toBe('a+b=c,d.e@f-g_h');
    for (const bad of ['', 'a b', 'a/b', 'é', 'a'.repeat(65)])
      expect(refusal(() => checkUserName('UserName', bad))).toBe('400/InvalidParameterValue');
  });

  it('ASVS 15.4.2: no user is named as the owner is labelled, in any case or look-alike', () => {
    for (const label of [
      'owner',
      'OWNER',
      'Owner',
      '0wner',
      'ovvner',
      'own3r',
      'o.w.n.e.r',
      'Owner_',
      'root',
      'R00T',
      'proprietaire',
    ])
      expect(
        refusal(() => checkUserName('UserName', label)),
        label,
      ).toBe('400/InvalidParameterValue');
    for (const fine of ['owners.team', 'alice', 'bob-owner', 'rooty', 'brown'])
      expect(checkUserName('UserName', fine)).toBe(fine);
  });

  it('Path: begins and ends with "/", letters, digits, "/" and "_", at most 512', () => {
    for (const good of ['/', '/team/', '/a/b_c/', `/${'a'.repeat(510)}/`]) expect(checkPath('Path', good)).toBe(good);
    for (const bad of ['', 'a/', '/a', '/a-b/', '/a b/', `/${'a'.repeat(511)}/`])
      expect(refusal(() => checkPath('Path', bad))).toBe('400/InvalidParameterValue');
  });
});
