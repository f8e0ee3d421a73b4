// Paging done in the database: every list takes `skip`/`take` from here.
import type { Request } from 'express';

const PAGE_SIZE = 25;

export function pageFrom(req: Request, pageSize = PAGE_SIZE) {
  const raw = typeof req.query.page === 'string' ? Number(req.query.page) : 1;
  const page = Number.isInteger(raw) && raw >= 1 && raw <= 100_000 ? raw : 1;
  return { page, skip: (page - 1) * pageSize, take: pageSize };
}

export type Pager = {
  page: number;
  pageCount: number;
  total: number;
  first: number;
  last: number;
  prevHref: string | null;
  nextHref: string | null;
  /** A page past the last of a list that has some (it shrank since the link was made, or the
   * address was edited): the views say so with a link to `lastHref` instead of "Showing 101–27". */
  pastEnd: boolean;
  /** The last page, for a page past it. */
  lastHref: string;
};

/** Links keep the other query parameters (the search, the filters) and change only `page`. */
export function pager(req: Request, page: number, total: number, pageSize = PAGE_SIZE): Pager {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && v !== '' && k !== 'page') params.set(k, v);
    if (p > 1) params.set('page', String(p));
    const qs = params.toString();
    return `${req.baseUrl}${req.path === '/' ? '' : req.path}${qs ? `?${qs}` : ''}` || '/';
  };
  return {
    page,
    pageCount,
    total,
    first: total === 0 ? 0 : (page - 1) * pageSize + 1,
    last: Math.min(total, page * pageSize),
    prevHref: page > 1 ? href(page - 1) : null,
    nextHref: page < pageCount ? href(page + 1) : null,
    pastEnd: total > 0 && page > pageCount,
    lastHref: href(pageCount),
  };
}
