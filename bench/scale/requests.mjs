/**
 * What the scale bench measures: every documented list filter and sort, each as one GET
 * of 50 rows. A request with `page: n` is measured on its n-th page (the cursor is found
 * by walking the pages once first); one with `walk: n` is timed as a whole walk of n
 * pages, cursor after cursor.
 */
import { FIXTURES as F } from './data.mjs';

/** @typedef {{ name: string, path: string, page?: number, walk?: number }} ScaleRequest */

const tasks = (query) => `/tasks?limit=50${query ? `&${query}` : ''}`;
const cases = (query) => `/cases?limit=50${query ? `&${query}` : ''}`;

/** @type {ScaleRequest[]} */
export const REQUESTS = [
  { name: 'tasks default (-createdAt)', path: tasks('') },
  { name: 'tasks sort=createdAt', path: tasks('sort=createdAt') },
  { name: 'tasks sort=-updatedAt', path: tasks('sort=-updatedAt') },
  { name: 'tasks sort=dueDate', path: tasks('sort=dueDate') },
  { name: 'tasks sort=-dueDate', path: tasks('sort=-dueDate') },
  { name: 'tasks sort=priority', path: tasks('sort=priority') },
  { name: 'tasks sort=-priority', path: tasks('sort=-priority') },
  { name: 'tasks sort=title', path: tasks('sort=title') },
  { name: 'tasks sort=-title', path: tasks('sort=-title') },
  { name: 'tasks page 20 (-createdAt)', path: tasks(''), page: 20 },
  { name: 'tasks page 20 sort=dueDate', path: tasks('sort=dueDate'), page: 20 },
  { name: 'tasks page 20 sort=-priority', path: tasks('sort=-priority'), page: 20 },
  { name: 'tasks page 20 sort=title', path: tasks('sort=title'), page: 20 },
  { name: 'tasks status=todo', path: tasks('status=todo') },
  { name: 'tasks status=cancelled,done', path: tasks('status=cancelled,done') },
  { name: 'tasks priority=urgent', path: tasks('priority=urgent') },
  { name: 'tasks assigneeId=heavy', path: tasks(`assigneeId=${F.heavy}`) },
  { name: 'tasks status=todo&assigneeId=heavy', path: tasks(`status=todo&assigneeId=${F.heavy}`) },
  { name: 'tasks assigneeId=light', path: tasks(`assigneeId=${F.light}`) },
  { name: 'tasks assigneeId=heavy&sort=dueDate', path: tasks(`assigneeId=${F.heavy}&sort=dueDate`) },
  { name: 'tasks dueBefore=<none>', path: tasks(`dueBefore=${F.longAgo}`) },
  { name: 'tasks dueBefore=<1%>', path: tasks(`dueBefore=${F.earlyDue}`) },
  { name: 'tasks dueAfter=<none>', path: tasks(`dueAfter=${F.farAhead}`) },
  { name: 'tasks dueBefore=<1%>&sort=dueDate', path: tasks(`dueBefore=${F.earlyDue}&sort=dueDate`) },
  { name: 'tasks tag=<18%>', path: tasks(`tag=${F.commonTag}`) },
  { name: 'tasks tag=<0.2%>', path: tasks(`tag=${F.rareTag}`) },
  { name: 'tasks tag=<10 tasks>', path: tasks(`tag=${F.tailTag}`) },
  { name: 'tasks tag=<none>', path: tasks(`tag=${F.missingTag}`) },
  { name: 'tasks tag=<18%>&sort=dueDate', path: tasks(`tag=${F.commonTag}&sort=dueDate`) },
  { name: 'tasks tag=<0.2%>&sort=title', path: tasks(`tag=${F.rareTag}&sort=title`) },
  { name: 'tasks q=<1.3%>', path: tasks(`q=${F.rareWord}`) },
  { name: 'tasks q=<none>', path: tasks(`q=${F.missingWord}`) },
  { name: 'tasks q=<1.3%>&sort=title', path: tasks(`q=${F.rareWord}&sort=title`) },
  { name: 'tasks walk 20 pages (-createdAt)', path: tasks(''), walk: 20 },
  { name: 'tasks walk 20 pages sort=dueDate', path: tasks('sort=dueDate'), walk: 20 },
  { name: 'tasks walk 20 pages sort=-priority', path: tasks('sort=-priority'), walk: 20 },
  { name: 'tasks walk 20 pages sort=title', path: tasks('sort=title'), walk: 20 },
  { name: 'cases default (-createdAt)', path: cases('') },
  { name: 'cases sort=goalDate', path: cases('sort=goalDate') },
  { name: 'cases sort=-goalDate', path: cases('sort=-goalDate') },
  { name: 'cases status=open', path: cases('status=open') },
  { name: 'cases assigneeId=heavy', path: cases(`assigneeId=${F.heavy}`) },
  { name: 'cases assigneeId=light', path: cases(`assigneeId=${F.light}`) },
  { name: 'cases templateId=<20%>', path: cases(`templateId=${F.busyTemplate}`) },
  { name: 'cases goalBefore=<none>', path: cases(`goalBefore=${F.longAgo}`) },
  { name: 'cases page 20 (-createdAt)', path: cases(''), page: 20 },
  { name: 'cases walk 20 pages (-createdAt)', path: cases(''), walk: 20 },
  { name: 'me/work heavy', path: `/me/work?limit=50&assigneeId=${F.heavy}` },
  { name: 'me/work heavy page 2', path: `/me/work?limit=50&assigneeId=${F.heavy}`, page: 2 },
  { name: 'me/work heavy dueBefore', path: `/me/work?limit=50&assigneeId=${F.heavy}&dueBefore=2026-06-01` },
  { name: 'me/work light', path: `/me/work?limit=50&assigneeId=${F.light}` },
  { name: 'templates default', path: '/process-templates?limit=50' },
  { name: 'templates archived=true', path: '/process-templates?limit=50&archived=true' },
  { name: 'templates q=<1.3%>', path: `/process-templates?limit=50&q=${F.rareWord}` },
  { name: 'templates q=<none>', path: `/process-templates?limit=50&q=${F.missingWord}` },
  { name: 'calendars default', path: '/calendars?limit=50' },
  { name: 'calendars page 2', path: '/calendars?limit=50', page: 2 },
  { name: 'calendars q=<1.3%>', path: `/calendars?limit=50&q=${F.rareWord}` },
  { name: 'calendars q=<none>', path: `/calendars?limit=50&q=${F.missingWord}` },
];
