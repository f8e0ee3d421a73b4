// What every feature's routes are built with. Made once by createApp().
import type passport from 'passport';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { ViewLog } from './features/audit/view-log.js';
import type { SignInThrottle } from './features/auth/throttle.js';
import type { DbSessionStore } from './web/session-store.js';

export type AppContext = {
  config: Config;
  db: Db;
  sessionStore: DbSessionStore;
  throttle: SignInThrottle;
  passport: passport.Authenticator;
  /** Where the audit rows of views wait to be written together; null when each is written in its request. */
  viewLog: ViewLog | null;
};
