import { describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract';
import { METHOD_NAMES } from '../../shared/method-names';
import { METHOD_ROLES, ROLES, mayCall } from '../../shared/method-roles';

// Which role each method needs follows from what the method does: a read is for everyone
// (a few about the file itself are the admin's), a change needs more.

describe('method roles', () => {
  it('name every method of the contract once', () => {
    expect(Object.keys(METHOD_ROLES).sort()).toEqual([...METHOD_NAMES].sort());
  });

  it('let a viewer change nothing but its own bookkeeping and its own feed subscriptions', () => {
    // Subscribing is a viewer's right (docs/team-mode.md); the service lets them revoke only their own.
    const subscriptions: readonly string[] = ['feeds.create', 'feeds.revoke'];
    for (const name of METHOD_NAMES) {
      if (METHOD_ROLES[name] !== 'viewer' || subscriptions.includes(name)) continue;
      expect([name, contract[name].kind]).toEqual([name, expect.stringMatching(/^(read|record)$/)]);
    }
  });

  it('rank the roles: each may do everything the one before it may', () => {
    for (const name of METHOD_NAMES)
      for (let i = 1; i < ROLES.length; i++)
        if (mayCall(ROLES[i - 1]!, name)) expect(mayCall(ROLES[i]!, name), `${ROLES[i]} ${name}`).toBe(true);
  });

  it('give the rollout order to leads, running releases to release managers, the file to admins', () => {
    expect(METHOD_ROLES['rollout.move']).toBe('lead');
    expect(METHOD_ROLES['policy.update']).toBe('lead');
    expect(METHOD_ROLES['steps.transition']).toBe('release-manager');
    expect(METHOD_ROLES['trains.halt']).toBe('release-manager');
    expect(METHOD_ROLES['database.restore']).toBe('admin');
  });
});
