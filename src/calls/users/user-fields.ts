import { checkRightsChange } from '../../domain/authorization.js';
import { cleanPhone } from '../../domain/contact-fields.js';
import { canonicalEmail } from '../../domain/email-address.js';
import { checkEach } from '../../domain/errors.js';
import { cleanPersonName } from '../../domain/text.js';
import type { UserRow } from '../../store/users.js';
import type { Principal } from '../pipeline/principal.js';
import type { Services } from '../pipeline/registry.js';
import { userErrors } from './errors.js';

export interface DetailsInput {
  FirstName?: string;
  LastName?: string;
  PhoneNumber?: string;
  Email?: string;
  Rights?: string[];
}

/** The columns that Modify's fields set; an empty string clears a name or the phone. */
export function detailColumns(
  input: DetailsInput,
  country: string | null,
): Partial<Pick<UserRow, 'first_name' | 'last_name' | 'phone_number'>> {
  const optional = (value: string | undefined, clean: (value: string) => string) =>
    value === undefined ? undefined : value.trim() === '' ? null : clean(value);
  // Every field is checked, so that a form shows all its refused fields at once.
  const [first_name, last_name, phone_number] = checkEach([
    () => optional(input.FirstName, (v) => cleanPersonName('FirstName', v)),
    () => optional(input.LastName, (v) => cleanPersonName('LastName', v)),
    () => optional(input.PhoneNumber, (v) => cleanPhone('PhoneNumber', v, country ?? undefined)),
  ]);
  const columns = { first_name, last_name, phone_number };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

export function cleanEmail(field: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : canonicalEmail(field, value);
}

/**
 * New rights for a user: known ones only, none that only the platform's own account may hold
 * outside it, and only those the caller may move (ATK-43). `current` are the rights the user
 * holds now (rightsOf): a platform-only right stored for a customer's user before it was one is
 * held by no one, and dropped by the next change without the caller having to hold it.
 */
export function revisedRights(
  services: Services,
  principal: Principal,
  field: string,
  requested: string[] | undefined,
  current: ReadonlySet<string>,
): string[] | undefined {
  if (requested === undefined) return undefined;
  const { rights: catalogue, platformAccountId } = services.config;
  const rights = catalogue.parse(field, requested);
  const platformOnly = catalogue.notOffered(rights, principal.accountId, platformAccountId);
  if (platformOnly.length > 0)
    throw userErrors.PlatformRightOutsidePlatform({ Field: field, Rights: platformOnly.join(', ') });
  checkRightsChange(principal, [...current], rights);
  return rights;
}
