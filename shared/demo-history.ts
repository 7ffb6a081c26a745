import type { HaltSeverity } from './rollout-steps';

// What happened to the demo's trains that have ended, so that its history has something to
// show: most waves on time, a few late and one early, regressions of every severity fixed
// in a few hours to three days, a failed and a rolled-back deployment, a skipped and a
// cancelled train. Pure data; electron/backend/demo-seed.ts and services/demo-rollout.ts
// play it through the tracking rules (docs/rollout-tracking.md), relative to today.

/** A regression found in a wave, and how it was fixed. */
export interface DemoRegression {
  reason: string;
  reference: string;
  severity: HaltSeverity;
  /** The wave it was found in. */
  wave: number;
  /** Found while the wave's deployments were still in progress (those are rolled back), else after it released. */
  during?: boolean;
  /** Hours from the halt to the resume. */
  hoursToFix: number;
  /**
   * The fresh internal bake waived with this reason (a fix verified elsewhere), instead of
   * the fix released to the internal deployment and baked there.
   */
  waived?: string;
}

export interface DemoTrainScript {
  /** Skipped before it started, with this reason. */
  skip?: string;
  /** Cancelled in validation, before its rollout, with this reason. */
  cancel?: string;
  /** Working days a wave started after (+) or before (−) its planned day, by wave, and why. */
  slips?: { waves: Readonly<Record<number, number>>; why: string };
  /** The acceptance suite signed off on the day of the first customer wave, late in the afternoon, and why. */
  lateSignOff?: string;
  regression?: DemoRegression;
  /** Why a deployment of the last wave failed; it is left failed. */
  failed?: string;
  /** Why a deployment of the wave before the last was rolled back once the last had started; it is left so. */
  rolledBack?: string;
  /** Its release notes (a skipped train keeps none). */
  notes: string;
}

/** The reason a train the year-end freeze leaves no release day is skipped. */
export const FREEZE_SKIP_REASON = 'The year-end freeze leaves it no release day; its changes ride with the next train.';

const notes = (highlight: string, fix: string) => `## Highlights\n\n- ${highlight}\n\n## Fixes\n\n- ${fix}\n`;

/**
 * The trains that ended before today, newest first (those the year-end freeze left without a
 * release day are skipped and take no entry). A `skip` entry is played only when no such train
 * was skipped, so the history always holds one skipped train.
 */
export const DEMO_HISTORY: readonly DemoTrainScript[] = [
  {
    failed: "Schema migration timed out on the tenant's 2 TB audit table; retry in their next maintenance window",
    rolledBack:
      "The customer's SSO plugin rejects the new token format; rolled back at their request until they upgrade",
    notes: notes(
      'Scheduled exports can be sent to several recipients.',
      'Webhook retries no longer double-deliver on timeouts (#4790).',
    ),
  },
  {
    regression: {
      reason: "The admin console shows dates in UTC instead of the user's zone",
      reference: 'INC-2561',
      severity: 'low',
      wave: 1,
      hoursToFix: 5,
      waived: 'Display-only fix; verified on staging by the on-call engineer',
    },
    notes: notes('Time zones per user in the admin console.', 'Bulk user import accepts quoted commas (#4766).'),
  },
  {
    lateSignOff: 'the payment sandbox was down, so the acceptance suite was signed off a day late',
    notes: notes('Invoices in 12 more currencies.', 'Rounding of tax lines on credit notes (#4741).'),
  },
  {
    cancel: 'The acceptance suite found data loss in the new CSV importer; its changes ride with the next train.',
    notes: notes('A new CSV importer for contacts.', 'Contact merge keeps the newest phone number (#4730).'),
  },
  {
    regression: {
      reason: 'The billing export writes duplicate invoice lines for annual plans',
      reference: 'INC-2498',
      severity: 'critical',
      wave: 1,
      during: true,
      hoursToFix: 71,
    },
    notes: notes('Annual plans can be paid in four instalments.', 'Proration of mid-month upgrades (#4702).'),
  },
  {
    slips: { waves: { 3: -1 }, why: 'its customers asked to take it before their weekend change freeze' },
    notes: notes('Saved searches can be shared with a team.', 'Search highlights no longer cut words (#4688).'),
  },
  {
    skip: 'Company-wide hack week: nothing was merged, so there was nothing to release.',
    notes: notes('Webhooks can be paused per endpoint.', 'Webhook signatures use the rotated secret at once (#4676).'),
  },
  {
    regression: {
      reason: 'Search misses documents indexed in the last hour',
      reference: 'INC-2455',
      severity: 'medium',
      wave: 2,
      hoursToFix: 30,
    },
    notes: notes('Near-real-time indexing for search.', 'Stale facets after a document is deleted (#4655).'),
  },
  {
    slips: { waves: { 4: 2 }, why: "it waited for the government cells' change window" },
    notes: notes('Audit log retention can be set per workspace.', 'Audit log filters keep their order (#4631).'),
  },
  {
    regression: {
      reason: 'Session cache evicts SSO tokens early; users are signed out',
      reference: 'INC-2417',
      severity: 'high',
      wave: 3,
      hoursToFix: 52,
    },
    notes: notes('A new session cache: sign-in is 40% faster.', 'Sign-out from every device at once (#4610).'),
  },
  {
    slips: { waves: { 2: 1 }, why: 'the on-call engineer was handling an unrelated outage' },
    notes: notes('Dark theme for the admin console.', 'Keyboard focus in the settings dialog (#4592).'),
  },
  {
    slips: { waves: { 0: 1 }, why: 'the internal deployment was busy with a database upgrade' },
    notes: notes('Two-factor sign-in with security keys.', 'Password reset links expire after one use (#4570).'),
  },
  {
    notes: notes('Per-team usage reports.', 'CSV exports open in spreadsheets with the right encoding (#4551).'),
  },
  {
    notes: notes('Single sign-on with any SAML provider.', 'Invitations no longer expire over weekends (#4533).'),
  },
];
