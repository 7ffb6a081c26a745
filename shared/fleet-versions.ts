// Which version each deployment runs now, from what was recorded: the release steps of every
// train and patch, and the halts. A deployment released with a version a regression was later
// found in runs that broken version until a later release (the patch, or a later train) reaches it.

export interface VersionTrain {
  id: number;
  version: string;
}

export interface VersionStep {
  trainId: number;
  key: string;
  state: string;
  /** When it was released (or otherwise finished). */
  finishedAt: string | null;
}

export interface VersionHalt {
  id: number;
  trainId: number;
  reason: string;
  reference: string;
  haltedAt: string;
  resumedAt: string | null;
  fixVersion: string | null;
  /** The deployments the regression reached. */
  deployments: readonly string[];
}

/** A step of a patch rollout: released, it delivered the patch's version. */
export interface VersionPatchStep {
  patchId: number;
  trainId: number;
  version: string;
  key: string;
  state: string;
  finishedAt: string | null;
}

export interface DeploymentVersion {
  key: string;
  /** The version its latest release delivered; null before any release reached it. */
  version: string | null;
  /** The train of that release (a patch's train for a patch), and when it happened. */
  train: string | null;
  releasedAt: string | null;
  /** It still runs a version a regression was found in: which halt, why, and the fix it lacks (null while none is integrated). */
  broken: { haltId: number; reason: string; reference: string; fix: string | null } | null;
}

interface Release {
  trainId: number;
  at: string;
  version: string;
  /** A patch's release wins a tie with a train's: it came after it. */
  patch: boolean;
}

/**
 * The current version of each of `keys`, in their order. A train's release delivered the train's
 * version, or — released after a halt that was later resumed — that halt's fix; a patch's release
 * delivered the patch. A deployment is broken by a halt when it still runs the version that halt
 * was found in (the version its train delivered just before the halt), received before the halt:
 * every deployment released with it, whether or not the regression was seen there.
 */
export function deploymentVersions(
  keys: readonly string[],
  trains: readonly VersionTrain[],
  steps: readonly VersionStep[],
  halts: readonly VersionHalt[],
  patchSteps: readonly VersionPatchStep[] = [],
): DeploymentVersion[] {
  const trainById = new Map(trains.map((t) => [t.id, t]));
  const haltsByTrain = new Map<number, VersionHalt[]>();
  for (const h of halts) haltsByTrain.set(h.trainId, [...(haltsByTrain.get(h.trainId) ?? []), h]);
  /** The version a release of `trainId` at `at` delivered: the fix of the latest resumed halt found before it, else the train's. */
  const delivered = (trainId: number, at: string): string => {
    let fix: VersionHalt | undefined;
    for (const h of haltsByTrain.get(trainId) ?? [])
      if (h.fixVersion !== null && h.haltedAt < at && (!fix || h.haltedAt > fix.haltedAt)) fix = h;
    return fix?.fixVersion ?? trainById.get(trainId)!.version;
  };
  const latest = new Map<string, Release>();
  const consider = (key: string, r: Release) => {
    const before = latest.get(key);
    if (!before || before.at < r.at || (before.at === r.at && r.patch)) latest.set(key, r);
  };
  for (const s of steps) {
    if (s.state !== 'released' || s.finishedAt === null || !trainById.has(s.trainId)) continue;
    consider(s.key, {
      trainId: s.trainId,
      at: s.finishedAt,
      version: delivered(s.trainId, s.finishedAt),
      patch: false,
    });
  }
  for (const s of patchSteps) {
    if (s.state !== 'released' || s.finishedAt === null || !trainById.has(s.trainId)) continue;
    consider(s.key, { trainId: s.trainId, at: s.finishedAt, version: s.version, patch: true });
  }
  return keys.map((key) => {
    const r = latest.get(key);
    if (!r) return { key, version: null, train: null, releasedAt: null, broken: null };
    // Found after this release, in the version it delivered: the latest such halt says what it lacks.
    const halt = (haltsByTrain.get(r.trainId) ?? [])
      .filter((h) => r.at < h.haltedAt && delivered(r.trainId, h.haltedAt) === r.version)
      .at(-1);
    return {
      key,
      version: r.version,
      train: trainById.get(r.trainId)!.version,
      releasedAt: r.at,
      broken: halt ? { haltId: halt.id, reason: halt.reason, reference: halt.reference, fix: halt.fixVersion } : null,
    };
  });
}
