import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './ipc.ts';

describe('isTrustedSender', () => {
  it('accepts the top frame of app://cascade', () => {
    expect(isTrustedSender({ url: 'app://cascade/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://cascade/', parent: null })).toBe(true);
  });

  it.each([
    ['an iframe of our own page', { url: 'app://cascade/index.html', parent: {} }],
    ['another host on our scheme', { url: 'app://cascade.evil/index.html', parent: null }],
    ['a look-alike host', { url: 'app://cascadex/index.html', parent: null }],
    ['credentials in the URL', { url: 'app://user@cascade/index.html', parent: null }],
    ['a web page', { url: 'https://evil.example/', parent: null }],
    ['a web page named like us', { url: 'https://cascade/', parent: null }],
    ['a file URL', { url: 'file:///tmp/index.html', parent: null }],
    ['the loopback host', { url: 'http://127.0.0.1:5000/', parent: null }],
    ['about:blank', { url: 'about:blank', parent: null }],
    ['an unparsable URL', { url: 'not a url', parent: null }],
  ])('refuses %s', (_what, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  it('refuses a missing frame (destroyed or navigated away)', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
