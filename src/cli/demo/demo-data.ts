import type { StepStatus } from '../../modules/cases/domain/case-status.js';
import type { UserRole } from '../../shared/domain/user-role.js';

/**
 * What `seed:demo` puts in: a few people, a working-day calendar with a real country's
 * public holidays, two processes as teams run them, and cases at every stage. Everything
 * has a stable name (an e-mail address, a calendar code, a template name, a case title),
 * by which a second run finds it and leaves it alone.
 */

export type DemoUserKey = 'maya' | 'jordan' | 'elena' | 'sam' | 'lucas';

export interface DemoUser {
  email: string;
  name: string;
  role: UserRole;
}

export const DEMO_USERS: Readonly<Record<DemoUserKey, DemoUser>> = {
  maya: { email: 'maya.chen@example.com', name: 'Maya Chen (People Operations)', role: 'manager' },
  jordan: { email: 'jordan.reyes@example.com', name: 'Jordan Reyes (IT Support)', role: 'member' },
  elena: { email: 'elena.rossi@example.com', name: 'Elena Rossi (Controller)', role: 'manager' },
  sam: { email: 'sam.okafor@example.com', name: 'Sam Okafor (Senior Accountant)', role: 'member' },
  lucas: { email: 'lucas.meyer@example.com', name: 'Lucas Meyer (Accountant)', role: 'member' },
};

/**
 * United States federal holidays, 2026 and 2027, on the days they are observed (5 U.S.C.
 * 6103: one on a Saturday is observed the Friday before, one on a Sunday the Monday after),
 * as the Office of Personnel Management publishes them. New Year's Day 2028 falls on a
 * Saturday: it is observed on Friday 31 December 2027.
 */
export const DEMO_CALENDAR = {
  code: 'us-federal',
  name: 'United States (federal holidays)',
  workingWeekdays: [1, 2, 3, 4, 5],
  holidays: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-01-19', name: 'Birthday of Martin Luther King, Jr.' },
    { date: '2026-02-16', name: "Washington's Birthday" },
    { date: '2026-05-25', name: 'Memorial Day' },
    { date: '2026-06-19', name: 'Juneteenth National Independence Day' },
    { date: '2026-07-03', name: 'Independence Day (observed)' },
    { date: '2026-09-07', name: 'Labor Day' },
    { date: '2026-10-12', name: 'Columbus Day' },
    { date: '2026-11-11', name: 'Veterans Day' },
    { date: '2026-11-26', name: 'Thanksgiving Day' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-01-18', name: 'Birthday of Martin Luther King, Jr.' },
    { date: '2027-02-15', name: "Washington's Birthday" },
    { date: '2027-05-31', name: 'Memorial Day' },
    { date: '2027-06-18', name: 'Juneteenth National Independence Day (observed)' },
    { date: '2027-07-05', name: 'Independence Day (observed)' },
    { date: '2027-09-06', name: 'Labor Day' },
    { date: '2027-10-11', name: 'Columbus Day' },
    { date: '2027-11-11', name: 'Veterans Day' },
    { date: '2027-11-25', name: 'Thanksgiving Day' },
    { date: '2027-12-24', name: 'Christmas Day (observed)' },
    { date: '2027-12-31', name: "New Year's Day 2028 (observed)" },
  ],
} as const;

export type DemoTemplateKey = 'onboarding' | 'close';

export interface DemoStep {
  key: string;
  name: string;
  durationDays: number;
  dependsOn?: string[];
  lagDays?: number;
  owner: DemoUserKey;
}

export interface DemoTemplate {
  name: string;
  description: string;
  steps: DemoStep[];
}

export const DEMO_TEMPLATES: Readonly<Record<DemoTemplateKey, DemoTemplate>> = {
  onboarding: {
    name: 'Employee onboarding',
    description:
      'From a signed offer to a productive first day: paperwork, checks, payroll, equipment, accounts and a plan. ' +
      "Start a case with the new hire's first day as its goal date.",
    steps: [
      { key: 'contract', name: 'Countersign the employment contract and collect tax forms', durationDays: 2, owner: 'maya' },
      { key: 'background-check', name: 'Background and reference checks', durationDays: 5, dependsOn: ['contract'], owner: 'maya' },
      { key: 'payroll', name: 'Enrol in payroll and benefits', durationDays: 2, dependsOn: ['contract'], owner: 'lucas' },
      { key: 'equipment', name: 'Order laptop, phone and peripherals', durationDays: 3, dependsOn: ['contract'], owner: 'jordan' },
      { key: 'accounts', name: 'Create accounts: e-mail, single sign-on, HR system, chat', durationDays: 2, dependsOn: ['background-check'], owner: 'jordan' },
      { key: 'workspace', name: 'Prepare desk, badge and building access', durationDays: 1, dependsOn: ['background-check'], owner: 'jordan' },
      { key: 'plan', name: 'Write the 30-60-90 day plan and pick an onboarding buddy', durationDays: 2, dependsOn: ['contract'], owner: 'maya' },
      { key: 'laptop-setup', name: 'Image the laptop and install the standard tools', durationDays: 1, dependsOn: ['equipment', 'accounts'], owner: 'jordan' },
      {
        key: 'first-day',
        name: 'First day: welcome, tour and set-up session',
        durationDays: 1,
        dependsOn: ['laptop-setup', 'workspace', 'payroll', 'plan'],
        lagDays: 1,
        owner: 'maya',
      },
    ],
  },
  close: {
    name: 'Monthly financial close',
    description:
      "Close one legal entity's books for a month: cut-off, reconciliations, accruals, review and reporting. " +
      'Start a case with the reporting deadline as its goal date.',
    steps: [
      { key: 'cutoff', name: 'Cut-off: close the AP and AR sub-ledgers for the month', durationDays: 1, owner: 'sam' },
      { key: 'bank-rec', name: 'Reconcile bank and credit-card accounts', durationDays: 2, dependsOn: ['cutoff'], owner: 'lucas' },
      { key: 'ap-accruals', name: 'Book AP accruals and amortise prepaid expenses', durationDays: 2, dependsOn: ['cutoff'], owner: 'sam' },
      { key: 'revenue', name: 'Recognise revenue and review receivables (bad-debt reserve)', durationDays: 2, dependsOn: ['cutoff'], owner: 'lucas' },
      { key: 'payroll-journal', name: 'Post the payroll and benefits journals', durationDays: 1, dependsOn: ['cutoff'], owner: 'sam' },
      { key: 'fixed-assets', name: 'Fixed assets: additions, disposals, depreciation', durationDays: 1, dependsOn: ['cutoff'], owner: 'lucas' },
      { key: 'intercompany', name: 'Reconcile and eliminate intercompany balances', durationDays: 2, dependsOn: ['bank-rec'], owner: 'sam' },
      {
        key: 'trial-balance',
        name: 'Review the adjusted trial balance',
        durationDays: 1,
        dependsOn: ['bank-rec', 'ap-accruals', 'revenue', 'payroll-journal', 'fixed-assets', 'intercompany'],
        owner: 'elena',
      },
      { key: 'variance', name: 'Variance analysis against budget and the prior month', durationDays: 2, dependsOn: ['trial-balance'], owner: 'elena' },
      { key: 'reporting', name: 'Prepare the management reporting pack', durationDays: 2, dependsOn: ['variance'], owner: 'sam' },
      { key: 'sign-off', name: 'Controller sign-off; lock the period', durationDays: 1, dependsOn: ['reporting'], owner: 'elena' },
    ],
  },
};

export interface DemoCase {
  title: string;
  template: DemoTemplateKey;
  /** Working days from the day of the seed to the goal (negative: the goal has passed). */
  goalInWorkingDays: number;
  startedBy: DemoUserKey;
  /** Steps not listed stay `todo`. */
  progress: Readonly<Record<string, StepStatus>>;
  /** What the stage shows, for the seed's report. */
  stage: string;
}

export const DEMO_CASES: readonly DemoCase[] = [
  {
    title: 'Onboarding: Sofia Alvarez, Product Designer',
    template: 'onboarding',
    goalInWorkingDays: -8,
    startedBy: 'maya',
    progress: Object.fromEntries(DEMO_TEMPLATES.onboarding.steps.map((step) => [step.key, 'done'])),
    stage: 'completed',
  },
  {
    title: 'Onboarding: Priya Natarajan, Software Engineer',
    template: 'onboarding',
    goalInWorkingDays: 12,
    startedBy: 'maya',
    progress: { contract: 'done', payroll: 'done', 'background-check': 'in_progress', equipment: 'in_progress', plan: 'in_progress' },
    stage: 'under way',
  },
  {
    title: 'Onboarding: Daniel Brooks, Account Executive',
    template: 'onboarding',
    goalInWorkingDays: 25,
    startedBy: 'maya',
    progress: {},
    stage: 'not started',
  },
  {
    title: 'Month-end close: Northwind Traders Europe GmbH',
    template: 'close',
    goalInWorkingDays: -2,
    startedBy: 'elena',
    progress: {
      cutoff: 'done',
      'bank-rec': 'done',
      'ap-accruals': 'done',
      revenue: 'done',
      'payroll-journal': 'done',
      'fixed-assets': 'done',
      intercompany: 'blocked',
      'trial-balance': 'todo',
    },
    stage: 'late: its goal has passed, intercompany is blocked',
  },
  {
    title: 'Month-end close: Northwind Traders Inc.',
    template: 'close',
    goalInWorkingDays: 9,
    startedBy: 'elena',
    progress: { cutoff: 'done', 'bank-rec': 'in_progress', 'payroll-journal': 'done', 'fixed-assets': 'in_progress' },
    stage: 'under way',
  },
];
