/**
 * The scale bench's data: two sizes of one shape, loaded with set-based SQL
 * (`INSERT … SELECT generate_series`) into the schema the API's migrations made.
 *
 * The shape, the same at every size (so that a list whose cost does not depend on the
 * table's size answers equally fast at both):
 *   tasks       created over two years, in creation order; statuses todo 35%, in_progress
 *               15%, done 45%, cancelled 5%; priorities low 30%, medium 45%, high 20%,
 *               urgent 5%; 25% without a due date, the rest due 0-120 days after creation;
 *               ~1.3% of titles contain the word "mitigation" and none contains "zebra";
 *               0-3 tags from a vocabulary of 30 (skewed: "backend" is on ~18% of tasks,
 *               the rarest on ~1%), "legal-hold" on 0.2%, and on 20% one of a long tail of
 *               client tags (one per 50 tasks, so each is on ~10); 30% unassigned, five heavy
 *               assignees with 1% of the tasks each, the rest spread over one person per
 *               400 tasks (so a light person has ~260 tasks at any size).
 *   cases       one per ten tasks, 20% on the first template, ten steps each, the step
 *               statuses following each case's progress; step assignees spread like the
 *               tasks' (the heavy assignees hold 1% of the steps each).
 *   templates   one per hundred tasks, a third with two versions, 5% archived, ~1.3% named
 *               with "mitigation"; calendars one per hundred tasks, ten holidays each.
 *
 * The secondary indexes (not those of constraints) are dropped before the load and built
 * again after it from their own definitions, which is much faster than maintaining them
 * row by row; the schema ends exactly as the migrations made it.
 */

/** @typedef {{ name: string, tasks: number, cases: number, templates: number, calendars: number }} Size */

/** @type {Record<string, Size>} */
export const SIZES = {
  '10k': { name: '10k', tasks: 10_000, cases: 1_000, templates: 100, calendars: 100 },
  '1m': { name: '1m', tasks: 1_000_000, cases: 100_000, templates: 10_000, calendars: 10_000 },
};

/** The tables the load writes (task_tags and the like fill themselves, if they exist). */
const TABLES = [
  'tasks',
  'task_tags',
  'cases',
  'case_steps',
  'process_templates',
  'process_template_versions',
  'calendars',
  'calendar_holidays',
];

const uuidSql = (prefix, k) => `('00000000-0000-4000-${prefix}-' || lpad(to_hex(${k}), 12, '0'))::uuid`;
const uuidOf = (prefix, k) => `00000000-0000-4000-${prefix}-${k.toString(16).padStart(12, '0')}`;

/** Who and what the requests name: the same ids at every size. */
export const FIXTURES = {
  /** The first of the five heavy assignees (1% of tasks and of steps each). */
  heavy: uuidOf('8000', 1),
  /** A light assignee: ~260 tasks and ~260 steps at any size. */
  light: uuidOf('9000', 7),
  /** The template 20% of the cases use. */
  busyTemplate: uuidOf('a000', 1),
  commonTag: 'backend',
  rareTag: 'legal-hold',
  /** One of the long tail of client tags: on ~10 tasks at any size. */
  tailTag: 'client-7',
  missingTag: 'no-such-tag',
  rareWord: 'mitigation',
  missingWord: 'zebra',
  /** Before every due date and goal: matches nothing. */
  longAgo: '2000-01-01',
  /** After every due date and goal: matches nothing. */
  farAhead: '2030-01-01',
  /** Due in the first month of the two years: ~1% of the tasks. */
  earlyDue: '2025-01-01',
};

const START = '2024-12-01T00:00:00Z';
const SPAN_DAYS = 730;

const TAGS = [
  'backend', 'frontend', 'legal', 'finance', 'hr', 'ops', 'security', 'q1', 'q2', 'q3', 'q4', 'audit',
  'onboarding', 'release', 'customer', 'vendor', 'docs', 'infra', 'design', 'data', 'compliance', 'tax',
  'payroll', 'support', 'marketing', 'sales', 'research', 'mobile', 'api', 'it',
];
const VERBS = ['Review', 'Draft', 'Prepare', 'Collect', 'Approve', 'Send', 'Update', 'Check', 'Plan', 'Archive', 'Sign', 'File'];
const NOUNS = [
  'contract', 'invoice', 'budget', 'report', 'policy', 'offer letter', 'NDA', 'release notes', 'tax return',
  'audit log', 'payroll run', 'roadmap', 'vendor list', 'access review', 'board deck', 'press kit',
  'expense claims', 'backup test', 'pricing sheet', 'runbook',
];
const PROCESSES = ['Onboarding', 'Quarterly audit', 'Tax filing', 'Product release', 'Vendor review', 'Offboarding', 'Year-end close', 'Security review'];
const REGIONS = ['Japan', 'United States', 'Germany', 'France', 'Brazil', 'India', 'Kenya', 'Canada', 'Spain', 'Korea'];

/** The ten steps every template version has (a chain). */
const TEMPLATE_STEPS = Array.from({ length: 10 }, (_, i) => ({
  key: `s${String(i + 1).padStart(2, '0')}`,
  name: `Step ${i + 1}`,
  durationDays: 1 + (i % 3),
  dependsOn: i === 0 ? [] : [`s${String(i).padStart(2, '0')}`],
  lagDays: 0,
  defaultAssigneeId: null,
}));

/** Rows per INSERT of tasks: bounded memory, and each statement's triggers see one batch. */
const TASK_BATCH = 200_000;

/**
 * Loads one size into an empty, migrated database.
 * @param {import('pg').Client} db
 * @param {Size} size
 * @param {(message: string) => void} log
 */
export async function load(db, size, log) {
  await db.query(`SET maintenance_work_mem = '512MB'`);
  await db.query(`SET work_mem = '64MB'`);
  const indexes = await secondaryIndexes(db);
  for (const { name } of indexes) await db.query(`DROP INDEX ${name}`);
  log(`dropped ${indexes.length} secondary indexes`);

  await timed(log, `${size.calendars} calendars`, () => loadCalendars(db, size));
  await timed(log, `${size.templates} templates`, () => loadTemplates(db, size));
  await timed(log, `${size.tasks} tasks`, () => loadTasks(db, size));
  await timed(log, `${size.cases} cases, ${size.cases * 10} steps`, () => loadCases(db, size));

  for (const { name, definition } of indexes) {
    await timed(log, `index ${name}`, () => db.query(definition));
  }
}

/**
 * The indexes of the loaded tables that no constraint owns, with their definitions.
 * @param {import('pg').Client} db
 */
async function secondaryIndexes(db) {
  const { rows } = await db.query(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i
     JOIN pg_class c ON c.oid = i.indexrelid
     JOIN pg_class t ON t.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY t.relname, c.relname`,
    [TABLES],
  );
  return /** @type {{ name: string, definition: string }[]} */ (rows);
}

/** @param {import('pg').Client} db @param {Size} size */
async function loadCalendars(db, size) {
  await db.query(
    `INSERT INTO calendars (id, code, name, working_weekdays, version, created_at, updated_at)
     SELECT ${uuidSql('b000', 'k')}, 'CAL-' || k,
            ($2::text[])[1 + k % 10] || ' calendar ' || k || CASE WHEN k % 77 = 3 THEN ' risk mitigation' ELSE '' END,
            '{1,2,3,4,5}', 1, $3::timestamptz + k * interval '1 minute', $3::timestamptz + k * interval '1 minute'
     FROM generate_series(1, $1::int) k`,
    [size.calendars, REGIONS, START],
  );
  await db.query(
    `INSERT INTO calendar_holidays (calendar_id, date, name)
     SELECT ${uuidSql('b000', 'k')}, '2026-01-01'::date + h * 31, 'Holiday ' || h
     FROM generate_series(1, $1::int) k CROSS JOIN generate_series(0, 9) h`,
    [size.calendars],
  );
}

/** @param {import('pg').Client} db @param {Size} size */
async function loadTemplates(db, size) {
  await db.query(
    `INSERT INTO process_templates (id, latest_version, archived_at, created_at, updated_at)
     SELECT ${uuidSql('a000', 'k')}, CASE WHEN k % 3 = 0 THEN 2 ELSE 1 END,
            CASE WHEN k % 20 = 0 THEN created + interval '100 days' END, created, created + interval '100 days'
     FROM generate_series(1, $1::int) k,
          LATERAL (SELECT $2::timestamptz + (k - 1) * ($3 * interval '1 day') / $1 AS created) x`,
    [size.templates, START, SPAN_DAYS],
  );
  await db.query(
    `INSERT INTO process_template_versions (template_id, version, name, description, steps, created_at)
     SELECT t.id, v, ($2::text[])[1 + k % 8] || ' process ' || k || CASE WHEN k % 77 = 5 THEN ' with risk mitigation' ELSE '' END,
            'How we run it, version ' || v, $3::jsonb, t.created_at + (v - 1) * interval '50 days'
     FROM generate_series(1, $1::int) k
     JOIN process_templates t ON t.id = ${uuidSql('a000', 'k')}
     CROSS JOIN LATERAL generate_series(1, t.latest_version) v`,
    [size.templates, PROCESSES, JSON.stringify(TEMPLATE_STEPS)],
  );
}

/** @param {import('pg').Client} db @param {Size} size */
async function loadTasks(db, size) {
  const people = Math.max(20, Math.round(size.tasks / 400));
  const clients = Math.round(size.tasks / 50);
  for (let from = 1; from <= size.tasks; from += TASK_BATCH) {
    const to = Math.min(size.tasks, from + TASK_BATCH - 1);
    await db.query(
      `INSERT INTO tasks (id, title, description, priority, status, due_date, assignee_id, tags, version, created_at, updated_at)
       SELECT gen_random_uuid(),
              ($4::text[])[1 + floor(random() * 12)::int] || ' ' || ($5::text[])[1 + floor(random() * 20)::int]
                || CASE WHEN random() < 0.013 THEN ' for risk mitigation' ELSE '' END || ' ' || i,
              CASE WHEN i % 3 = 0 THEN '' ELSE 'Notes on item ' || i || ': who, what and by when.' END,
              CASE WHEN r.p < 0.30 THEN 'low' WHEN r.p < 0.75 THEN 'medium' WHEN r.p < 0.95 THEN 'high' ELSE 'urgent' END,
              CASE WHEN r.s < 0.35 THEN 'todo' WHEN r.s < 0.50 THEN 'in_progress' WHEN r.s < 0.95 THEN 'done' ELSE 'cancelled' END,
              CASE WHEN r.d < 0.25 THEN NULL ELSE (x.created AT TIME ZONE 'UTC')::date + floor(r.d * 160)::int - 40 END,
              CASE WHEN r.a < 0.30 THEN NULL
                   WHEN r.a < 0.35 THEN ${uuidSql('8000', '1 + floor((r.a - 0.30) * 100)::int')}
                   ELSE ${uuidSql('9000', `1 + floor(random() * ${people})::int`)} END,
              ARRAY(SELECT DISTINCT ($6::text[])[1 + floor(30 * power(random(), 2))::int] FROM generate_series(1, r.n))
                || CASE WHEN r.rare < 0.002 THEN ARRAY['legal-hold'] ELSE '{}'::text[] END
                || CASE WHEN r.client < 0.2 THEN ARRAY['client-' || (1 + floor(random() * ${clients}))::int] ELSE '{}'::text[] END,
              1 + floor(r.v * 3)::int,
              x.created,
              least(x.created + r.v * interval '20 days', $7::timestamptz)
       FROM generate_series($1::int, $2::int) i
       CROSS JOIN LATERAL (SELECT random() AS p, random() AS s, random() AS d, random() AS a, random() AS v,
                                  random() AS rare, random() AS client, floor(random() * 4)::int + (i * 0) AS n) r
       CROSS JOIN LATERAL (SELECT $3::timestamptz + (i - 1) * ($8 * interval '1 day') / ${size.tasks}
                                  + random() * interval '1 minute' AS created) x`,
      [from, to, START, VERBS, NOUNS, TAGS, new Date().toISOString(), SPAN_DAYS],
    );
  }
}

/** @param {import('pg').Client} db @param {Size} size */
async function loadCases(db, size) {
  const people = Math.max(20, Math.round(size.tasks / 400));
  await db.query(
    `INSERT INTO cases (id, title, template_id, template_version, calendar_id, goal_date, status, version, created_at, updated_at)
     SELECT gen_random_uuid(), ($4::text[])[1 + i % 8] || ' for customer ' || i,
            CASE WHEN r.t < 0.2 THEN ${uuidSql('a000', '1')} ELSE ${uuidSql('a000', `1 + floor(random() * ${size.templates})::int`)} END,
            1,
            CASE WHEN r.c < 0.5 THEN ${uuidSql('b000', '1')} ELSE ${uuidSql('b000', `1 + floor(random() * ${size.calendars})::int`)} END,
            (x.created AT TIME ZONE 'UTC')::date + 30 + floor(r.g * 90)::int,
            CASE WHEN r.s < 0.40 THEN 'open' WHEN r.s < 0.70 THEN 'in_progress' WHEN r.s < 0.75 THEN 'on_hold'
                 WHEN r.s < 0.95 THEN 'completed' ELSE 'cancelled' END,
            1, x.created, x.created + interval '1 day'
     FROM generate_series(1, $1::int) i
     CROSS JOIN LATERAL (SELECT random() AS t, random() AS c, random() AS g, random() AS s, i * 0 AS z) r
     CROSS JOIN LATERAL (SELECT $2::timestamptz + (i - 1) * ($3 * interval '1 day') / $1 + random() * interval '1 minute' AS created) x`,
    [size.cases, START, SPAN_DAYS, PROCESSES],
  );
  // Each case's progress (how many steps are done) comes from its random id.
  await db.query(
    `INSERT INTO case_steps (case_id, step_key, position, name, duration_days, depends_on, lag_days,
                             start_date, due_date, status, assignee_id, pinned)
     SELECT c.id, 's' || lpad(p::text, 2, '0'), p - 1, 'Step ' || p, d,
            CASE WHEN p = 1 THEN '{}'::text[] ELSE ARRAY['s' || lpad((p - 1)::text, 2, '0')] END, 0,
            c.goal_date - (10 - p) * 3 - (d - 1), c.goal_date - (10 - p) * 3,
            CASE WHEN c.status = 'completed' THEN CASE WHEN random() < 0.05 THEN 'skipped' ELSE 'done' END
                 WHEN p <= get_byte(uuid_send(c.id), 0) % 11 THEN 'done'
                 WHEN p = get_byte(uuid_send(c.id), 0) % 11 + 1 THEN 'in_progress'
                 WHEN random() < 0.05 THEN 'blocked'
                 ELSE 'todo' END,
            CASE WHEN r.a < 0.30 THEN NULL
                 WHEN r.a < 0.35 THEN ${uuidSql('8000', '1 + floor((r.a - 0.30) * 100)::int')}
                 ELSE ${uuidSql('9000', `1 + floor(random() * ${people})::int`)} END,
            false
     FROM cases c
     CROSS JOIN generate_series(1, 10) p
     CROSS JOIN LATERAL (SELECT 1 + p % 3 AS d, random() + 0 * p AS a, c.id AS case_id) r`,
  );
}

/**
 * @template T
 * @param {(message: string) => void} log
 * @param {string} what
 * @param {() => Promise<T>} run
 */
async function timed(log, what, run) {
  const started = performance.now();
  const result = await run();
  log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
