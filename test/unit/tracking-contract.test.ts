import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { fieldErrorsFromZod } from '../../shared/errors';

function errors(method: keyof typeof contract, input: unknown): { field: string; message: string }[] {
  const r = contract[method].input.safeParse(input);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

describe('rollout tracking inputs', () => {
  it('steps.transition takes either deployments or a wave', () => {
    expect(errors('steps.transition', { trainId: 1, keys: ['eu-1'], action: 'start' })).toEqual([]);
    expect(errors('steps.transition', { trainId: 1, wave: 0, action: 'release' })).toEqual([]);
    expect(errors('steps.transition', { trainId: 1, action: 'start' })).toEqual([
      { field: 'keys', message: 'Give either the deployments or a wave, not both.' },
    ]);
    expect(errors('steps.transition', { trainId: 1, keys: ['eu-1'], wave: 1, action: 'start' })).toEqual([
      { field: 'keys', message: 'Give either the deployments or a wave, not both.' },
    ]);
    expect(errors('steps.transition', { trainId: 1, keys: [], action: 'start' })[0]!.message).toBe(
      'Name at least one deployment.',
    );
    expect(errors('steps.transition', { trainId: 1, keys: ['eu-1', 'eu-1'], action: 'start' })[0]!.message).toBe(
      'Name each deployment once.',
    );
    expect(errors('steps.transition', { trainId: 1, wave: -1, action: 'start' })[0]!.message).toBe(
      'Waves start at 0 (the internal deployment).',
    );
    expect(errors('steps.transition', { trainId: 1, wave: 1, action: 'deploy' })[0]!.message).toBe(
      'Action must be one of: start, release, fail, rollback, skip.',
    );
  });

  it.each(['fail', 'rollback', 'skip'])('steps.transition: %s needs a reason', (action) => {
    expect(errors('steps.transition', { trainId: 1, wave: 1, action })).toEqual([
      { field: 'reason', message: 'Failing, rolling back or skipping a deployment needs a reason.' },
    ]);
    expect(errors('steps.transition', { trainId: 1, wave: 1, action, reason: '   ' })[0]!.message).toBe(
      'A reason is required.',
    );
    expect(errors('steps.transition', { trainId: 1, wave: 1, action, reason: 'Health check red' })).toEqual([]);
  });

  it('steps.transition: only a start can override a bake, with a reason', () => {
    expect(errors('steps.transition', { trainId: 1, wave: 2, action: 'start', bakeOverride: 'Hotfix' })).toEqual([]);
    expect(errors('steps.transition', { trainId: 1, wave: 2, action: 'release', bakeOverride: 'Hotfix' })).toEqual([
      { field: 'bakeOverride', message: 'Only starting a step can override a bake.' },
    ]);
    expect(errors('steps.transition', { trainId: 1, wave: 2, action: 'start', bakeOverride: '' })[0]!.field).toBe(
      'bakeOverride',
    );
  });

  it('gates.set: a waiver needs a reason; evidence is an http(s) link', () => {
    expect(errors('gates.set', { trainId: 1, key: 'unit-tests', action: 'waive' })).toEqual([
      { field: 'reason', message: 'A waiver needs a reason: say why the gate may be skipped.' },
    ]);
    expect(errors('gates.set', { trainId: 1, key: 'unit-tests', action: 'fail' })).toEqual([]);
    expect(errors('gates.set', { trainId: 1, key: 'unit-tests', action: 'pass', evidenceUrl: 'file:///x' })).toEqual([
      {
        field: 'evidenceUrl',
        message: 'Evidence must be an http:// or https:// link, e.g. https://ci.example.com/runs/42.',
      },
    ]);
    expect(errors('gates.set', { trainId: 1, key: 'unit-tests', action: 'approve' })[0]!.message).toBe(
      'Action must be one of: pass, fail, waive, reset.',
    );
  });

  it('trains.halt: reason and reference required, severity high by default, reached deployments optional but not empty', () => {
    const parsed = contract['trains.halt'].input.parse({ trainId: 1, reason: 'Login broken', reference: 'INC-1' });
    expect(parsed.severity).toBe('high');
    expect(errors('trains.halt', { trainId: 1, reason: 'Login broken' })[0]).toEqual({
      field: 'reference',
      message: 'A regression reference is required (an incident or ticket id, or a link).',
    });
    expect(errors('trains.halt', { trainId: 1, reason: 'x', reference: 'y', deployments: [] })[0]!.field).toBe(
      'deployments',
    );
    expect(errors('trains.halt', { trainId: 1, reason: 'x', reference: 'y', severity: 'blocker' })[0]!.message).toBe(
      'Severity must be one of: low, medium, high, critical.',
    );
  });

  it('trains.resume needs the fix version, written like a version', () => {
    expect(errors('trains.resume', { trainId: 1 })[0]!.field).toBe('fixVersion');
    expect(errors('trains.resume', { trainId: 1, fixVersion: '2027.03 fix' })[0]!.field).toBe('fixVersion');
    expect(errors('trains.resume', { trainId: 1, fixVersion: '2027.03.1' })).toEqual([]);
  });

  it('status.get takes one train or a list, not both', () => {
    expect(errors('status.get', { trainIds: [1, 2] })).toEqual([]);
    expect(errors('status.get', { trainId: 1, trainIds: [2] })).toEqual([
      { field: 'trainIds', message: 'Give either one train or a list of trains, not both.' },
    ]);
  });

  it('audit.list takes a train or a deployment, not both; user.update clears with null or empty', () => {
    expect(errors('audit.list', { trainId: 1, key: 'eu-1' })).toEqual([
      { field: 'key', message: 'Give either a train or a deployment, not both.' },
    ]);
    expect(contract['audit.list'].input.parse(undefined)).toEqual({ limit: 500 });
    expect(contract['user.update'].input.parse({ userName: '  ' })).toEqual({ userName: null });
    expect(contract['user.update'].input.parse({ userName: ' Dana ' })).toEqual({ userName: 'Dana' });
  });
});
