import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { randomToken } from '../store/ids.js';
import type { Database } from '../store/schema.js';
import { deleteSession, findSession, insertSession, touchSession, type SessionWithUser } from '../store/sessions.js';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** Where a session comes from, as shown to its owner later. */
export interface Device {
  ip: string;
  userAgent: string;
}

// Writing "last seen" on every request would turn each read into a write; a minute of slack in
// the idle timeout is the price of not doing so.
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: the cookie carries a 256-bit random token, the database only its hash. */
export class SessionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: SessionLimits,
    private readonly now: () => number,
  ) {}

  /** Starts a session and returns its token, to be sent once in the cookie. */
  /** `authenticatedAt`: when the person proved who they are, if not now (an OpenID provider's auth_time). */
  async start(
    userId: string,
    device: Device,
    db: Kysely<Database> = this.db,
    authenticatedAt?: number,
    mustEnrol = false,
    secondFactor = false,
  ): Promise<{ token: string; expiresAt: number; sessionId: string }> {
    const token = randomToken(32);
    const sessionId = randomToken(16);
    const now = this.now();
    const expiresAt = now + this.limits.absoluteMs;
    await insertSession(db, {
      token_hash: hashToken(token),
      session_id: sessionId,
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: device.ip.slice(0, 64),
      user_agent: device.userAgent.slice(0, 512),
      authenticated_at: authenticatedAt ?? now,
      must_enrol: mustEnrol ? 1 : 0,
      second_factor_at: secondFactor ? now : null,
    });
    return { token, expiresAt, sessionId };
  }

  /** The live session behind a token, or undefined; an expired one is deleted on the way. */
  async resolve(token: string): Promise<SessionWithUser | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const tokenHash = hashToken(token);
    const session = await findSession(this.db, tokenHash);
    if (!session) return undefined;
    const now = this.now();
    if (now >= session.expires_at || now - session.last_seen_at >= this.limits.idleMs) {
      await deleteSession(this.db, tokenHash);
      return undefined;
    }
    if (now - session.last_seen_at >= TOUCH_INTERVAL_MS) await touchSession(this.db, tokenHash, now);
    return session;
  }

  async end(token: string, db: Kysely<Database> = this.db): Promise<void> {
    await deleteSession(db, hashToken(token));
  }
}
