import { migration001 } from './001-fleet';
import { migration002 } from './002-calendar';
import { migration003 } from './003-rollout-plans';
import { migration004 } from './004-deployment-eligibility';
import { migration005 } from './005-rollout-tracking';
import { migration006 } from './006-export-sequences';
import { migration007 } from './007-notifications';
import { migration008 } from './008-patches';
import { migration009 } from './009-release-windows';
import { migration010 } from './010-fairness-accounts';
import { migration011 } from './011-team-accounts';
import { migration012 } from './012-feeds';
import { migration013 } from './013-revisions';
import type { Migration } from './migration';

/** Ordered; versions are consecutive from 1. Never edit a released migration: add the next one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
