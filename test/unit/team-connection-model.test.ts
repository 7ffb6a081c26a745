import { describe, expect, it } from 'vitest';
import {
  connectedLine,
  teamBanner,
  teamDraftFrom,
  teamDraftProblems,
} from '../../renderer/src/views/settings/team-connection-model';
import type { TeamStatus } from '../../shared/team-connection';

const SAM = { name: 'sam', role: 'release-manager' as const, displayName: null };
const at = (state: Exclude<TeamStatus, { state: 'local' }>['state']): Exclude<TeamStatus, { state: 'local' }> => ({
  state,
  url: 'https://plan.example.com',
  user: SAM,
});

describe('teamBanner', () => {
  it('warns while the server cannot be reached or the session ended, and says nothing otherwise', () => {
    expect(teamBanner(at('unreachable'))).toBe(
      'Team server unreachable — showing the last data; changes are not saved.',
    );
    expect(teamBanner(at('reconnecting'))).toBe(teamBanner(at('unreachable')));
    expect(teamBanner(at('signed-out'))).toMatch(/^Signed out of the team server/);
    expect(teamBanner(at('connected'))).toBeNull();
    expect(teamBanner({ state: 'local', remembered: null })).toBeNull();
    expect(teamBanner(null)).toBeNull();
  });
});

describe('connectedLine', () => {
  it('names the server, the person and their role', () => {
    expect(connectedLine(at('connected'))).toBe('Connected to https://plan.example.com as sam (Release manager)');
    expect(connectedLine({ ...at('connected'), user: { ...SAM, displayName: 'Sam Lee' } })).toBe(
      'Connected to https://plan.example.com as Sam Lee (sam, Release manager)',
    );
  });
});

describe('the connect form', () => {
  it('asks for an HTTPS address, a name and a password', () => {
    expect(teamDraftProblems({ url: '', name: '', password: '' })).toEqual({
      url: expect.any(String),
      name: 'Give your login name on the team server.',
      password: 'Give your password.',
    });
    expect(teamDraftProblems({ url: 'http://plan.example.com', name: 'sam', password: 'x' }).url).toMatch(/https/);
    expect(teamDraftProblems({ url: 'https://plan.example.com', name: 'sam', password: 'x' })).toEqual({});
  });

  it('starts from the server and name last joined, never a password', () => {
    expect(teamDraftFrom({ state: 'local', remembered: { url: 'https://plan.example.com', name: 'sam' } })).toEqual({
      url: 'https://plan.example.com',
      name: 'sam',
      password: '',
    });
    expect(teamDraftFrom(at('signed-out'))).toEqual({ url: 'https://plan.example.com', name: 'sam', password: '' });
    expect(teamDraftFrom(null)).toEqual({ url: '', name: '', password: '' });
  });
});
