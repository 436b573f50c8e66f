import { ApiError } from './errors.js';
import { cleanPersonName } from './text.js';

function valid(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return cleanPersonName(field, value);
  } catch (error) {
    if (error instanceof ApiError) return undefined;
    throw error;
  }
}

/**
 * An owner's names from what an OpenID provider says: given and family names, else the full
 * name split at its first space. A name that breaks our rules is left empty for the person to
 * fill in, rather than refusing the sign-up.
 */
export function namesFromProvider(claims: {
  givenName?: string | undefined;
  familyName?: string | undefined;
  name?: string | undefined;
}): { FirstName: string; LastName: string } {
  const [first, ...rest] = (claims.name ?? '').trim().split(/\s+/);
  return {
    FirstName: valid('FirstName', claims.givenName) ?? valid('FirstName', first) ?? '',
    LastName: valid('LastName', claims.familyName) ?? valid('LastName', rest.join(' ') || undefined) ?? '',
  };
}
