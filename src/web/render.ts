// One helper decides between a whole page and an htmx fragment.
import { join } from 'node:path';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { projectRoot } from '../db/paths.js';
import { takeFlash } from './flash.js';
import { viewHelpers } from './view-helpers.js';

export function createViews(cache: boolean): Eta {
  return new Eta({ views: join(projectRoot, 'views'), cache, defaultExtension: '.eta' });
}

/**
 * A fragment is sent only to htmx requests that swap part of a page: not to boosted
 * navigation and not to a history restore, which both need the whole page.
 */
export function wantsFragment(req: Request): boolean {
  return req.get('HX-Request') === 'true' && req.get('HX-Boosted') !== 'true' && req.get('HX-History-Restore-Request') !== 'true';
}

type RenderOptions = {
  /** The `_partial` the page includes, sent alone to an htmx request. */
  fragment?: string;
  status?: number;
};

export function render(res: Response, page: string, data: object = {}, options: RenderOptions = {}): void {
  const req = res.req;
  // The same URL answers with a page or a fragment: caches must keep them apart.
  res.vary('HX-Request');
  const template = options.fragment && wantsFragment(req) ? options.fragment : page;
  const views = res.app.locals.views as Eta;
  // Only a whole page shows messages (the layout does): a fragment (`_name`) rendered by a
  // request running beside a form's redirect (a field check on blur, a poll, an autosave) must
  // not take the message that redirect is about to show.
  const fragment = template !== page || (template.split('/').pop() ?? '').startsWith('_');
  const send = () => {
    const flash = fragment ? [] : takeFlash(req);
    const html = views.render(template, { ...res.locals, flash, h: viewHelpers, ...data });
    res
      .status(options.status ?? 200)
      .type('html')
      .send(html);
  };
  // A form submitted and shown again: the menu it left for later (see signingMenu) is read now.
  const navLater = res.locals.navLater as (() => Promise<unknown>) | undefined;
  if (navLater === undefined || fragment) return send();
  res.locals.navLater = undefined;
  navLater()
    .then(
      (nav) => {
        res.locals.nav = nav;
      },
      // The counts only decorate the menu: a page the person needs (the form again with their
      // input, a busy page offering to resend it) is sent with the plain menu rather than lost.
      (error: unknown) => req.log?.warn({ err: error }, 'menu counts not read: page sent without them'),
    )
    .then(send)
    .catch((error: unknown) => req.next?.(error));
}
