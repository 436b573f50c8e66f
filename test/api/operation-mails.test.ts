import { describe, expect, it } from 'vitest';
import { signedUpClient } from '../support/api-client.js';
import { useMailedServer } from '../support/smtp-sink.js';
import { invitedSubUser, uniqueUserName } from '../support/sub-users.js';
import { ENGINES } from '../support/test-server.js';

interface Operation {
  OperationId: string;
  State: string;
  TokenMailedToYou?: boolean;
}

/**
 * What a validator reads in the token mail and what the requester is told, through the real
 * SMTP server: the action in a sentence of the reader's language, who asks by name, the changes
 * in the forms' words, a token's validity said right, and a link that names the operation.
 */
describe.each(ENGINES)('operations said to people, on %s', (engine) => {
  // One minute, so that the mail says "1 minute" and not "1 minutes".
  const mailed = useMailedServer(engine, { TESSERA_OPERATION_MINUTES: '1' });

  /** An owner (Jean Dupont), an English validator (Alice Martin) and a French one; advanced security off. */
  async function account() {
    const owner = await signedUpClient(mailed.server.url);
    const english = await invitedSubUser(mailed.server, mailed.sink, owner.client, {
      Rights: ['TokenValidator'],
      FirstName: 'Alice',
      LastName: 'Martin',
    });
    const french = await invitedSubUser(mailed.server, mailed.sink, owner.client, {
      Rights: ['TokenValidator'],
      FirstName: 'Chloé',
      LastName: 'Bernard',
    });
    expect((await french.client.call('UpdateLanguage', { Language: 'fr' })).status).toBe(200);
    return { owner, english, french };
  }

  const pending = (answer: { status: number; body: Record<string, unknown> }) => {
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    return answer.body.Operation as Operation;
  };

  it('the token mail says the action, who asks, what changes, and how long the token lasts, in each validator’s language', async () => {
    const { owner, english, french } = await account();
    const activation = pending(await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true }));
    const id = activation.OperationId;

    const inEnglish = await mailed.sink.waitFor(english.email, new RegExp(`operation ${id}`));
    expect(inEnglish.subject).toBe('Your validation is asked: Turn on advanced security');
    expect(inEnglish.text).toContain(`Hello Alice,`);
    expect(inEnglish.text).toContain(`Jean Dupont (account owner) asks: Turn on advanced security (operation ${id}).`);
    expect(inEnglish.text).toContain('What will change:\n- Advanced security: Off → On');
    expect(inEnglish.text).toMatch(/Your token, valid 1 minute: \d{12}/);
    expect(inEnglish.text).toContain(`${mailed.server.url}/operations?id=${id}`);
    expect(inEnglish.text).not.toMatch(/UpdateAccountSecurity|AdvancedSecurity|\(owner\)|true/);
    // In HTML, the changes stay one a line.
    expect(inEnglish.html).toContain('What will change:<br>- Advanced security: Off → On');

    const inFrench = await mailed.sink.waitFor(french.email, new RegExp(`opération ${id}`));
    expect(inFrench.subject).toBe('Votre validation est demandée : Activer la sécurité avancée');
    expect(inFrench.text).toContain('Bonjour Chloé,');
    expect(inFrench.text).toContain(
      `Jean Dupont (propriétaire du compte) demande : Activer la sécurité avancée (opération ${id}).`,
    );
    expect(inFrench.text).toContain('Ce qui va changer :\n- Sécurité avancée : Désactivée → Activée');
    expect(inFrench.text).toMatch(/Votre jeton, valable 1 minute : \d{12}/);
    expect(inFrench.text).toContain(`${mailed.server.url}/operations?id=${id}`);
  });

  it('a right given reads as a person says it; deleting a user lists no change; the requester has no token under OtherValidator, and a cancel is told by name', async () => {
    const { owner, english, french } = await account();
    const activation = pending(await owner.client.call('UpdateAccountSecurity', { AdvancedSecurity: true }));
    const token = await mailed.sink.operationToken(english.email, activation.OperationId);
    const validated = await english.client.call('ValidateOperation', {
      OperationId: activation.OperationId,
      Token: token,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);

    const bobName = uniqueUserName('bob');
    const created = pending(
      await owner.client.call('CreateUser', { UserName: bobName, FirstName: 'Bob', LastName: 'Durand' }),
    );
    const creation = await mailed.sink.waitFor(english.email, new RegExp(`operation ${created.OperationId}`));
    expect(creation.text).toContain(`asks: Create the user Bob Durand (${bobName})`);
    for (const line of [`- User name: ${bobName}`, '- First name: Bob', '- Last name: Durand'])
      expect(creation.text).toContain(line);

    const grant = pending(
      await owner.client.call('UpdateUserDetails', {
        UserName: english.userName,
        Rights: ['TokenValidator', 'ReadAuditLog'],
      }),
    );
    const granting = await mailed.sink.waitFor(french.email, new RegExp(`opération ${grant.OperationId}`));
    expect(granting.text).toContain("demande : Donner à Alice Martin le droit Consulter le journal d'audit");
    expect(granting.text).toContain(`Elle concerne Alice Martin (${english.userName}), ${english.email}.`);
    expect(granting.text).toContain("- Droits : Token validator → Token validator, Consulter le journal d'audit");

    const removal = pending(await owner.client.call('DeleteUser', { UserName: french.userName }));
    const deleting = await mailed.sink.waitFor(english.email, new RegExp(`operation ${removal.OperationId}`));
    expect(deleting.text).toContain(`asks: Delete the user Chloé Bernard (operation ${removal.OperationId})`);
    expect(deleting.text).not.toContain('What will change');

    // Under OtherValidator the requester got no token: the list says so, for them alone.
    const mine = (await owner.client.call('ReadOperations', { OperationId: removal.OperationId })).body
      .Operations as Operation[];
    expect(mine).toMatchObject([{ State: 'pending', TokenMailedToYou: false }]);
    const theirs = (await english.client.call('ReadOperations', { OperationId: removal.OperationId })).body
      .Operations as Operation[];
    expect(theirs).toMatchObject([{ State: 'pending', TokenMailedToYou: true }]);

    expect((await owner.client.call('CancelOperation', { OperationId: removal.OperationId })).status).toBe(200);
    const cancelled = await mailed.sink.waitFor(english.email, /It was cancelled by/);
    expect(cancelled.subject).toBe('Cancelled: Delete the user Chloé Bernard');
    expect(cancelled.text).toContain(
      `Delete the user Chloé Bernard (operation ${removal.OperationId}). It was cancelled by Jean Dupont (account owner): nothing changed.`,
    );
  });
});
