// createApp(): the whole web application, with no side effects until it is called.
import { join } from 'node:path';
import cookieParser from 'cookie-parser';
import express from 'express';
import session from 'express-session';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { can } from './access/policy.js';
import type { Action } from './access/policy.js';
import type { Db } from './db/client.js';
import { projectRoot } from './db/paths.js';
import { auditRoutes } from './features/admin/audit.routes.js';
import { codeRoutes } from './features/admin/codes.routes.js';
import { periodRoutes } from './features/admin/periods.routes.js';
import { reportRoutes } from './features/admin/reports.routes.js';
import { calendarRoutes } from './features/admin/calendar.routes.js';
import { concernRoutes } from './features/concerns/concerns.routes.js';
import { evaluationRoutes } from './features/evaluations/evaluations.routes.js';
import { schoolRoutes } from './features/admin/schools.routes.js';
import { teamRoutes } from './features/admin/team.routes.js';
import { settingsRoutes } from './features/admin/settings.routes.js';
import { userRoutes } from './features/admin/users.routes.js';
import { accountRoutes, signInRoutes } from './features/auth/auth.routes.js';
import { requireSecondFactorSetUp, secondFactorRoutes, signInCodeRoutes } from './features/auth/second-factor.routes.js';
import { SignInThrottle } from './features/auth/throttle.js';
import type { ThrottleLimits } from './features/auth/throttle.js';
import { healthRoutes } from './features/health/health.routes.js';
import { homeRoutes } from './features/home/home.routes.js';
import { goalRoutes } from './features/goals/goals.routes.js';
import { mandateRoutes } from './features/mandates/mandates.routes.js';
import { batchRoutes } from './features/notes/batches.routes.js';
import { noteRoutes } from './features/notes/notes.routes.js';
import { trackerRoutes } from './features/notes/tracker.routes.js';
import { sessionRoutes } from './features/sessions/sessions.routes.js';
import { exportRoutes } from './features/sessions/export.routes.js';
import { recordRoutes, signingMenu } from './features/sessions/record.routes.js';
import { strategyRoutes } from './features/strategies/strategies.routes.js';
import { studentRoutes } from './features/students/students.routes.js';
import { studentDeleteRoutes } from './features/students/delete.routes.js';
import { studentRecordRoutes } from './features/students/record.routes.js';
import { workloadRoutes } from './features/workload/workload.routes.js';
import { scheduleRoutes } from './features/schedule/schedule.routes.js';
import { feedRoutes } from './features/schedule/feed.routes.js';
import { absoluteTimeout, configurePassport, requirePasswordChosen, requireSignIn } from './web/auth.js';
import { formBody } from './web/body.js';
import { csrf } from './web/csrf.js';
import { rosterRoutes, rosterUpload } from './features/roster/roster.routes.js';
import { errorHandler, notFound } from './web/error-handler.js';
import { createLogger, requestLogger } from './web/logger.js';
import { navigationFor } from './web/navigation.js';
import { sameOriginOnly } from './web/origin.js';
import { batchViewAudits } from './features/audit/view-log.js';
import { saveSessionBeforeRedirect } from './web/session-redirect.js';
import { createViews } from './web/render.js';
import { noStore, securityHeaders } from './web/security.js';
import { DbSessionStore } from './web/session-store.js';

export type AppOptions = {
  config: Config;
  db: Db;
  logger?: Logger;
  /** Failures allowed before delays start; tests pass small ones. Defaults in features/auth/throttle.ts. */
  throttleLimits?: Partial<ThrottleLimits>;
};

export function createApp({ config, db, logger, throttleLimits }: AppOptions) {
  const app = express();
  const sessionStore = new DbSessionStore(db, config.sessionIdleMs);
  const log = logger ?? createLogger(config.logLevel);
  const ctx: AppContext = {
    config,
    db,
    sessionStore,
    throttle: new SignInThrottle(db, { limits: throttleLimits }),
    passport: configurePassport(db),
    viewLog:
      config.auditViewDelayMs > 0
        ? batchViewAudits(db, config.auditViewDelayMs, (err, rows) => log.error({ err, rows }, 'audit rows of views could not be written'))
        : null,
  };
  const sessionCookieName = config.https ? '__Host-tandem.sid' : 'tandem.sid';

  app.disable('x-powered-by');
  // Pages are never cached (noStore below), so an ETag would only cost a hash of every page sent.
  // Static assets keep theirs (express.static has its own).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // Templates are re-read on every request only in development, so edits show at once.
  app.locals.views = createViews(config.env !== 'development');
  app.locals.sessionCookieName = sessionCookieName;

  app.use(requestLogger(log));
  app.use(securityHeaders(config.https));

  // Every browser asset comes from our own origin.
  const assets = { maxAge: config.env === 'production' ? '1d' : 0, index: false, fallthrough: true } as const;
  app.use('/assets', express.static(join(projectRoot, 'public'), assets));
  app.use('/assets/vendor/htmx', express.static(join(projectRoot, 'node_modules/htmx.org/dist'), assets));
  app.use('/assets/vendor/pico', express.static(join(projectRoot, 'node_modules/@picocss/pico/css'), assets));
  // Browsers ask for /favicon.ico on their own, whatever the page links: the app icon, before any sign-in.
  app.get('/favicon.ico', (_req, res) => res.sendFile(join(projectRoot, 'public/img/favicon.ico'), { maxAge: assets.maxAge }));

  app.use(noStore);
  app.use(healthRoutes(ctx));
  // The schedule's calendar feed: public, a phone's calendar cannot sign in (the link's secret is the key).
  app.use(feedRoutes(ctx));

  // A cross-site POST is refused before its body is read, and before the CSRF check.
  app.use(sameOriginOnly(config));
  app.use(formBody());
  app.use(
    session({
      name: sessionCookieName,
      secret: ctx.config.sessionSecret,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: true, // the idle timeout counts from the last request
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.https, maxAge: config.sessionIdleMs, path: '/' },
    }),
  );
  app.use(saveSessionBeforeRedirect);
  app.use(cookieParser()); // after the session, which reads its own cookie
  app.use(ctx.passport.initialize());
  app.use(ctx.passport.session());
  app.use(absoluteTimeout(config.sessionMaxMs));
  // A session-bound token for sessions; a stateless signed cookie for anonymous sign-in pages.
  const { csrfProtection, csrfToken } = csrf(config);
  app.use(rosterUpload()); // a file upload: its form's CSRF token is inside the multipart body
  app.use(csrfProtection);
  app.use(csrfToken);
  app.use((req, res, next) => {
    res.locals.currentUser = req.user ?? null;
    res.locals.nav = navigationFor(req.user, req.path);
    // Templates ask the policy; they never look at a role themselves.
    res.locals.can = (action: Action) => can(req.user, action);
    // Where the district signs in only through single sign-on, password pages are not offered.
    res.locals.passwordSignIn = config.passwordSignIn;
    res.locals.requestId = req.id;
    next();
  });

  app.use(signInRoutes(ctx));
  app.use(signInCodeRoutes(ctx));

  app.use(requireSignIn);
  app.use(requirePasswordChosen);
  app.use(requireSecondFactorSetUp);
  app.use(signingMenu(ctx));
  app.use(homeRoutes(ctx));
  app.use(accountRoutes(ctx));
  app.use(secondFactorRoutes(ctx));
  app.use(studentRoutes(ctx));
  app.use(studentDeleteRoutes(ctx));
  app.use(studentRecordRoutes(ctx));
  app.use(teamRoutes(ctx));
  app.use(mandateRoutes(ctx));
  app.use(goalRoutes(ctx));
  app.use(exportRoutes(ctx)); // before recordRoutes and sessionRoutes: /sessions/export is not a session id
  app.use(recordRoutes(ctx)); // before sessionRoutes: /sessions/to-sign is not a session id
  app.use(sessionRoutes(ctx));
  app.use(workloadRoutes(ctx));
  app.use(scheduleRoutes(ctx));
  app.use(batchRoutes(ctx)); // before noteRoutes: /notes/batches is not a note id
  app.use(trackerRoutes(ctx)); // before noteRoutes: /notes/draft-missing is not a note id
  app.use(noteRoutes(ctx));
  app.use(strategyRoutes(ctx));
  app.use(concernRoutes(ctx));
  app.use(evaluationRoutes(ctx));
  app.use(userRoutes(ctx));
  app.use(schoolRoutes(ctx));
  app.use(codeRoutes(ctx));
  app.use(periodRoutes(ctx));
  app.use(reportRoutes(ctx));
  app.use(calendarRoutes(ctx));
  app.use(rosterRoutes(ctx));
  app.use(auditRoutes(ctx));
  app.use(settingsRoutes(ctx));

  app.use(notFound);
  app.use(errorHandler);

  return { app, ctx };
}
