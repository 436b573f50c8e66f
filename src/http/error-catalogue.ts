import { authErrors } from '../auth/errors.js';
import { accessKeyErrors } from '../calls/access-keys/errors.js';
import { auditErrors } from '../calls/audit/errors.js';
import { emailErrors } from '../calls/email/errors.js';
import { flowErrors } from '../calls/flows/errors.js';
import { operationErrors } from '../calls/operations/errors.js';
import { passwordErrors } from '../calls/password/errors.js';
import { pipelineErrors } from '../calls/pipeline/errors.js';
import { secondFactorErrors } from '../calls/second-factors/errors.js';
import { signInErrors } from '../calls/sign-in/errors.js';
import { supportErrors } from '../calls/support/errors.js';
import { userErrors } from '../calls/users/errors.js';
import { verificationErrors } from '../calls/verification/errors.js';
import { DECLARATIONS, type AnyErrorDeclaration } from '../domain/errors.js';
import { ruleErrors } from '../domain/rule-errors.js';
import { httpErrors } from './errors.js';

/** Every capability's errors: the phrase tables must say each of them, the OpenAPI document lists them. */
export const ERROR_CATALOGUES = [
  httpErrors,
  authErrors,
  ruleErrors,
  pipelineErrors,
  flowErrors,
  accessKeyErrors,
  auditErrors,
  emailErrors,
  operationErrors,
  passwordErrors,
  secondFactorErrors,
  signInErrors,
  supportErrors,
  userErrors,
  verificationErrors,
] as const;

/** Every declared error, by code. */
export function declaredErrors(): [string, AnyErrorDeclaration][] {
  return ERROR_CATALOGUES.flatMap((catalogue) => Object.entries(catalogue[DECLARATIONS]));
}
