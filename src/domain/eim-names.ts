import { ApiError, say } from './errors.js';

// OAPI's rules for EIM users (reference/outscale-oapi.md §2.5).
const USER_NAME = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
const PATH = /^\/(?:[A-Za-z0-9_/]*\/)?$/;

export const DEFAULT_PATH = '/';

/** A user's name within its account: 1 to 64 letters, digits and + = , . @ - _. */
export function checkUserName(field: string, value: string): string {
  if (!USER_NAME.test(value)) {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} must be 1 to 64 characters: letters, digits and + = , . @ - _ only.`,
        `${field} doit compter de 1 à 64 caractères : lettres, chiffres et + = , . @ - _ seulement.`,
      ),
    );
  }
  return value;
}

/** A user's path: begins and ends with "/", 1 to 512 characters of letters, digits, "/" and "_". */
export function checkPath(field: string, value: string): string {
  if (value.length > 512 || !PATH.test(value)) {
    throw new ApiError(
      'InvalidParameterValue',
      say(
        `${field} must begin and end with "/" and hold at most 512 letters, digits, "/" and "_", such as "/" or "/team/".`,
        `${field} doit commencer et finir par « / » et compter au plus 512 lettres, chiffres, « / » et « _ », comme « / » ou « /equipe/ ».`,
      ),
    );
  }
  return value;
}

/** Names are compared as OAPI does for IAM-style names: without regard to case. */
export function userNameKey(name: string): string {
  return name.toLowerCase();
}
