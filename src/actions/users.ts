import { OncallError } from '../domain/errors.js';
import type { User } from '../domain/types.js';

/**
 * The PagerDuty user with exactly this email. `GET /users?query=` matches names and emails by
 * substring, so the exact address is picked from what comes back.
 */
export async function userByEmail(pd: { users(query: string): Promise<User[]> }, email: string): Promise<User> {
  const want = email.trim().toLowerCase();
  const found = (await pd.users(want)).find((u) => u.email.toLowerCase() === want);
  if (!found) throw new OncallError('not_found', `no PagerDuty user with the email ${email}`, { source: 'pagerduty', hint: 'give the email the user signs in to PagerDuty with' });
  return found;
}
