// The app's own table of routes, read off Express's router: each route's method, path and the
// policy action its guard names. The route-walk test checks every one against the policy.
import type { Express } from 'express';
import type { Action } from '../access/policy.js';

export type RouteEntry = { method: 'GET' | 'POST'; path: string; action: Action | null; pattern: RegExp };

type Layer = {
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: { action?: Action } }[] };
  handle: { stack?: Layer[] };
};

export function routeTable(app: Express): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const action = layer.route.stack.map((l) => l.handle.action).find((a) => a !== undefined) ?? null;
        for (const method of Object.keys(layer.route.methods)) {
          const upper = method.toUpperCase();
          if (upper !== 'GET' && upper !== 'POST') continue;
          entries.push({ method: upper, path: layer.route.path, action, pattern: patternOf(layer.route.path) });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return entries;
}

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The route Express would choose for a request: the first in the table that matches. */
export function routeFor(table: RouteEntry[], method: string, path: string): RouteEntry | undefined {
  return table.find((r) => r.method === method && r.pattern.test(path));
}
