import { say, type Localized } from './errors.js';
import { ruleErrors } from './rule-errors.js';

/** A right a user of an account may hold; the owner holds every one (see RightsCatalogue.held). */
export interface Right {
  name: string;
  description: Localized;
  /**
   * Only means something for users of the platform operator's own account
   * (TESSERA_PLATFORM_ACCOUNT_ID): no customer's user holds it, not even the owner, and no one
   * grants it outside that account — a platform service checking it never lets a customer in.
   */
  platformOnly?: true;
}

/** What rights are decided from: a user as stored, and the account they belong to. */
export interface RightsHolder {
  accountId: string;
  isOwner: boolean;
  /** The rights granted to a sub-user, as stored (a JSON list); the owner's say nothing. */
  storedRights: string;
}

/** Tessera's own rights (DESIGN.md C6); a platform adds its services' rights beside them. */
export const BUILT_IN_RIGHTS: readonly Right[] = [
  {
    name: 'TokenValidator',
    description: say(
      'Receives the tokens of sensitive operations and may confirm them (advanced security).',
      'Reçoit les jetons des opérations sensibles et peut les valider (sécurité avancée).',
    ),
  },
  {
    name: 'ManageNetwork',
    description: say('Manages the network: IP addresses ("IP").', 'Gère le réseau : adresses IP (« IP »).'),
  },
  {
    name: 'ManageIpFailOvers',
    description: say(
      'Manages failover IP addresses ("Additional IP").',
      'Gère les adresses IP de bascule (« Additional IP »).',
    ),
  },
  {
    name: 'ManageUsers',
    description: say(
      "Creates, changes, disables and deletes the account's users, and grants them the rights it holds itself.",
      'Crée, modifie, désactive et supprime les utilisateurs du compte, et leur accorde les droits qu’il détient lui-même.',
    ),
  },
  {
    name: 'ManageAccount',
    description: say(
      "Changes the account's profile: names, company, address, phones.",
      'Modifie le profil du compte : noms, société, adresse, téléphones.',
    ),
  },
  {
    name: 'ReadAuditLog',
    description: say("Reads the account's security activity.", "Consulte l'activité de sécurité du compte."),
  },
  {
    name: 'Support',
    description: say(
      "In the platform's own account, checks the support codes customers read out (CheckSupportCode).",
      "Dans le compte de la plateforme, vérifie les codes d'assistance que lisent les clients (CheckSupportCode).",
    ),
    platformOnly: true,
  },
  {
    name: 'SubmitOperations',
    description: say(
      "In the platform's own account, submits a customer's sensitive actions to their token validators and follows them (CreateOperation).",
      "Dans le compte de la plateforme, soumet les actions sensibles d'un client à ses valideurs de jetons et les suit (CreateOperation).",
    ),
    platformOnly: true,
  },
  {
    name: 'VerifyRequests',
    description: say(
      "In the platform's own account, has Tessera verify the signed requests customers send to the platform's other services, and learns who signed them (VerifyRequest).",
      'Dans le compte de la plateforme, fait vérifier par Tessera les requêtes signées que les clients envoient aux autres services de la plateforme, et apprend qui les a signées (VerifyRequest).',
    ),
    platformOnly: true,
  },
];

export const RIGHT_NAME = /^[A-Z][A-Za-z0-9]{1,63}$/;

/** The rights this installation knows, in the order they are shown. */
export class RightsCatalogue {
  private readonly byName: Map<string, Right>;
  private readonly allNames: ReadonlySet<string>;

  constructor(extra: readonly Right[] = []) {
    this.byName = new Map();
    for (const right of [...BUILT_IN_RIGHTS, ...extra]) {
      if (!RIGHT_NAME.test(right.name))
        throw new Error(
          `the right name ${JSON.stringify(right.name)} is not valid: a capital letter, then 1 to 63 letters or digits.`,
        );
      if (this.byName.has(right.name)) throw new Error(`the right ${right.name} is defined twice.`);
      this.byName.set(right.name, right);
    }
    this.allNames = new Set(this.byName.keys());
  }

  /** Every right this installation knows, platform-only ones included. */
  all(): ReadonlySet<string> {
    return this.allNames;
  }

  /**
   * The rights a user holds now — the one place it is decided, for authorization, ID tokens,
   * VerifyRequest, ReadUserDetails and the token validators: the owner holds every right, a
   * sub-user those granted to them; in any account but the platform's own
   * (`platformAccountId`), never a platform-only one, whatever is stored.
   */
  held(user: RightsHolder, platformAccountId: string | undefined): ReadonlySet<string> {
    const offered = this.offeredNames(user.accountId, platformAccountId);
    if (user.isOwner) return offered;
    return new Set((JSON.parse(user.storedRights) as string[]).filter((name) => offered.has(name)));
  }

  /** The rights an account's users may hold, in the catalogue's order: what ReadRights lists to them. */
  offered(accountId: string, platformAccountId: string | undefined): Right[] {
    const platform = platformAccountId !== undefined && accountId === platformAccountId;
    return this.list().filter((right) => platform || !right.platformOnly);
  }

  /** Of these rights, those an account's users may not hold: platform-only ones outside the platform's account. */
  notOffered(names: readonly string[], accountId: string, platformAccountId: string | undefined): string[] {
    const offered = this.offeredNames(accountId, platformAccountId);
    return names.filter((name) => !offered.has(name));
  }

  list(): Right[] {
    return [...this.byName.values()];
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  private offeredNames(accountId: string, platformAccountId: string | undefined): ReadonlySet<string> {
    return new Set(this.offered(accountId, platformAccountId).map((right) => right.name));
  }

  /**
   * A list of rights as given by a caller: each must be known, none twice. The result follows
   * the catalogue's order, so that the same set always reads the same.
   */
  parse(field: string, names: readonly string[]): string[] {
    const given = new Set<string>();
    for (const name of names) {
      if (!this.byName.has(name)) {
        throw ruleErrors.UnknownRight({ Field: field, Name: name, Rights: this.names().join(', ') });
      }
      if (given.has(name)) throw ruleErrors.RightNamedTwice({ Field: field, Name: name });
      given.add(name);
    }
    return this.names().filter((name) => given.has(name));
  }
}
