import { describe, expect, it } from 'vitest';
import { parseHash } from './route.ts';

describe('routes', () => {
  it('reads the view and its anchor', () => {
    expect(parseHash('#/replay')).toEqual({ view: 'replay', anchor: null });
    expect(parseHash('#/glossary/zero-bid-auction')).toEqual({
      view: 'glossary',
      anchor: 'zero-bid-auction',
    });
    expect(parseHash('#/glossary/a%20b')).toEqual({ view: 'glossary', anchor: 'a b' });
  });

  it('reads the training views; a lesson is the anchor of Lessons', () => {
    expect(parseHash('#/lessons/black-thursday-loop')).toEqual({
      view: 'lessons',
      anchor: 'black-thursday-loop',
    });
    expect(parseHash('#/challenges')).toEqual({ view: 'challenges', anchor: null });
    expect(parseHash('#/progress')).toEqual({ view: 'progress', anchor: null });
  });

  it('falls back to the library', () => {
    expect(parseHash('')).toEqual({ view: 'library', anchor: null });
    expect(parseHash('#/nope')).toEqual({ view: 'library', anchor: null });
  });
});
