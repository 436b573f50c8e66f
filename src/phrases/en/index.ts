import type { Phrases } from '../catalogue.js';
import { accessKeys } from './access-keys.js';
import { audit } from './audit.js';
import { auth } from './auth.js';
import { email } from './email.js';
import { flows } from './flows.js';
import { http } from './http.js';
import { operations } from './operations.js';
import { password } from './password.js';
import { pipeline } from './pipeline.js';
import { rules } from './rules.js';
import { secondFactors } from './second-factors.js';
import { signIn } from './sign-in.js';
import { support } from './support.js';
import { users } from './users.js';
import { verification } from './verification.js';

export const en: Phrases = {
  ...http,
  ...auth,
  ...rules,
  ...pipeline,
  ...flows,
  ...accessKeys,
  ...audit,
  ...email,
  ...operations,
  ...password,
  ...secondFactors,
  ...signIn,
  ...support,
  ...users,
  ...verification,
};
