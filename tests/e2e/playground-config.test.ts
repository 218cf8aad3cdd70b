import { describe, expect, it } from 'vitest';
import { PLAYGROUND_USERS } from '../../src/seed/generator.js';
import { playgroundPeople, tenantId } from './playground-config.js';

describe('.m365agentsplayground.yml', () => {
  const people = playgroundPeople();

  it('signs in the demo SPO and lists the other demo users (the Playground takes exactly five)', () => {
    expect(people).toHaveLength(6);
    expect(people[0]?.aadObjectId).toBe(PLAYGROUND_USERS[0]?.aadObjectId);
    expect(tenantId()).not.toBe('');
  });

  it('gives every person the id, name and email the demo staff record has', () => {
    expect(people.map(({ name, aadObjectId, email }) => ({ name, aadObjectId, email }))).toEqual(
      PLAYGROUND_USERS.map(({ name, aadObjectId, email }) => ({ name, aadObjectId, email })),
    );
    expect(new Set(people.map((p) => p.id)).size).toBe(people.length);
  });
});
