import type { DeploymentDraft } from './deployment';

type Row = [
  key: string,
  name: string,
  region: string,
  timeZone: string,
  tier: DeploymentDraft['tier'],
  weight: number,
  /** Its pairing group, named within its region (`pair-a` is the group `<region>-pair-a`), or null. */
  pair: 'pair' | 'pair-a' | 'pair-b' | null,
];

// A realistic fleet for first-run exploration: 40 deployments over 5 regions and
// 10 time zones, one internal, primary/standby pairs that must not release
// together, and government cells pinned to the last wave.
const ROWS: Row[] = [
  ['internal-us', 'Internal (our own deployment)', 'us-east', 'America/New_York', 'standard', 350, null],
  ['us-east-1', 'US East 1', 'us-east', 'America/New_York', 'enterprise', 48_200, 'pair-a'],
  ['us-east-2', 'US East 2', 'us-east', 'America/New_York', 'premium', 31_700, 'pair-a'],
  ['us-east-3', 'US East 3', 'us-east', 'America/New_York', 'standard', 22_400, null],
  ['us-east-4', 'US East 4', 'us-east', 'America/New_York', 'standard', 18_900, 'pair-b'],
  ['us-east-5', 'US East 5', 'us-east', 'America/Detroit', 'standard', 15_300, 'pair-b'],
  ['us-east-6', 'US East 6', 'us-east', 'America/New_York', 'premium', 27_600, null],
  ['us-central-1', 'US Central 1', 'us-central', 'America/Chicago', 'enterprise', 39_800, 'pair'],
  ['us-central-2', 'US Central 2', 'us-central', 'America/Chicago', 'standard', 16_100, 'pair'],
  ['us-central-3', 'US Central 3', 'us-central', 'America/Chicago', 'standard', 12_500, null],
  ['us-west-1', 'US West 1', 'us-west', 'America/Los_Angeles', 'enterprise', 44_900, 'pair'],
  ['us-west-2', 'US West 2', 'us-west', 'America/Los_Angeles', 'premium', 29_300, 'pair'],
  ['us-west-3', 'US West 3', 'us-west', 'America/Los_Angeles', 'standard', 14_800, null],
  ['us-west-4', 'US West 4', 'us-west', 'America/Denver', 'standard', 9_700, null],
  ['us-gov-1', 'US Government 1', 'us-east', 'America/New_York', 'government', 21_000, null],
  ['us-gov-2', 'US Government 2', 'us-west', 'America/Los_Angeles', 'government', 17_400, null],
  ['ca-central-1', 'Canada Central 1', 'ca-central', 'America/Toronto', 'premium', 13_200, null],
  ['ca-central-2', 'Canada Central 2', 'ca-central', 'America/Vancouver', 'standard', 6_800, null],
  ['eu-west-1', 'EU West 1 (Dublin)', 'eu-west', 'Europe/Dublin', 'enterprise', 36_500, 'pair-a'],
  ['eu-west-2', 'EU West 2 (London)', 'eu-west', 'Europe/London', 'premium', 28_100, 'pair-a'],
  ['eu-west-3', 'EU West 3 (Paris)', 'eu-west', 'Europe/Paris', 'standard', 17_900, 'pair-b'],
  ['eu-west-4', 'EU West 4 (Dublin)', 'eu-west', 'Europe/Dublin', 'standard', 11_300, 'pair-b'],
  ['eu-central-1', 'EU Central 1 (Frankfurt)', 'eu-central', 'Europe/Berlin', 'enterprise', 41_200, 'pair'],
  ['eu-central-2', 'EU Central 2 (Zurich)', 'eu-central', 'Europe/Zurich', 'premium', 19_600, 'pair'],
  ['eu-central-3', 'EU Central 3 (Frankfurt)', 'eu-central', 'Europe/Berlin', 'standard', 14_100, null],
  ['eu-north-1', 'EU North 1 (Stockholm)', 'eu-north', 'Europe/Stockholm', 'standard', 8_900, null],
  ['eu-gov-1', 'EU Public Sector 1', 'eu-central', 'Europe/Berlin', 'government', 12_700, null],
  ['ap-south-1', 'AP South 1 (Mumbai)', 'ap-south', 'Asia/Kolkata', 'premium', 23_800, 'pair'],
  ['ap-south-2', 'AP South 2 (Hyderabad)', 'ap-south', 'Asia/Kolkata', 'standard', 10_400, 'pair'],
  ['ap-southeast-1', 'AP Southeast 1 (Singapore)', 'ap-southeast', 'Asia/Singapore', 'enterprise', 33_100, 'pair'],
  ['ap-southeast-2', 'AP Southeast 2 (Sydney)', 'ap-southeast', 'Australia/Sydney', 'premium', 25_400, null],
  ['ap-southeast-3', 'AP Southeast 3 (Jakarta)', 'ap-southeast', 'Asia/Jakarta', 'standard', 7_600, 'pair'],
  ['ap-northeast-1', 'AP Northeast 1 (Tokyo)', 'ap-northeast', 'Asia/Tokyo', 'enterprise', 30_200, 'pair'],
  ['ap-northeast-2', 'AP Northeast 2 (Seoul)', 'ap-northeast', 'Asia/Seoul', 'premium', 16_900, 'pair'],
  ['ap-northeast-3', 'AP Northeast 3 (Osaka)', 'ap-northeast', 'Asia/Tokyo', 'standard', 6_300, null],
  ['ap-au-gov-1', 'Australia Government 1', 'ap-southeast', 'Australia/Sydney', 'government', 5_900, null],
  ['nz-1', 'New Zealand 1 (Auckland)', 'ap-southeast', 'Pacific/Auckland', 'standard', 4_200, null],
  ['sa-east-1', 'South America East 1 (São Paulo)', 'sa-east', 'America/Sao_Paulo', 'premium', 15_800, null],
  ['sa-east-2', 'South America East 2 (São Paulo)', 'sa-east', 'America/Sao_Paulo', 'standard', 7_100, null],
  ['me-central-1', 'Middle East Central 1 (Dubai)', 'me-central', 'Asia/Dubai', 'standard', 5_400, null],
];

// Customers who asked not to take releases early (a regulated launch season, a
// conservative change policy): the ordering engine keeps them out of early waves.
const OPTED_OUT_OF_EARLY_WAVES: ReadonlySet<string> = new Set(['us-east-6', 'ap-southeast-2']);

export const DEMO_FLEET: readonly DeploymentDraft[] = ROWS.map(([key, name, region, timeZone, tier, weight, pair]) => ({
  key,
  name,
  region,
  timeZone,
  tier,
  weight,
  pairingGroup: pair && `${region}-${pair}`,
  // Government cells are pinned to the last wave.
  pinPolicy: tier === 'government' ? 'late' : 'none',
  internal: key === 'internal-us',
  earlyOptOut: OPTED_OUT_OF_EARLY_WAVES.has(key),
  releaseWindow: null,
}));
