/** The browser host's client sessions: a page's work stops once its event socket is gone for good. */
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, ClientSessions } from './client-sessions.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ClientSessions', () => {
  it('aborts a client’s signal after its last socket has been closed for the grace period', async () => {
    const sessions = new ClientSessions(30);
    const signal = sessions.signalFor('page-aaaa-1');
    sessions.attach('page-aaaa-1');
    sessions.attach('page-aaaa-1');
    sessions.detach('page-aaaa-1');
    await wait(60);
    expect(signal.aborted).toBe(false); // one socket still open
    sessions.detach('page-aaaa-1');
    expect(signal.aborted).toBe(false); // within the grace period
    await wait(60);
    expect(signal.aborted).toBe(true);
    expect(sessions.size).toBe(0);
  });

  it('keeps the work of a page that reconnects within the grace period', async () => {
    const sessions = new ClientSessions(50);
    const signal = sessions.signalFor('page-bbbb-2');
    sessions.attach('page-bbbb-2');
    sessions.detach('page-bbbb-2');
    sessions.attach('page-bbbb-2');
    await wait(100);
    expect(signal.aborted).toBe(false);
    sessions.closeAll();
    expect(signal.aborted).toBe(true);
  });

  it('remembers a bounded number of sessions, dropping the oldest idle one', () => {
    const sessions = new ClientSessions(1000, 2);
    const first = sessions.signalFor('page-0000-a');
    sessions.signalFor('page-0000-b');
    sessions.signalFor('page-0000-c');
    expect(sessions.size).toBe(2);
    expect(first.aborted).toBe(true);
    sessions.closeAll();
  });

  it('accepts only plain ids', () => {
    expect(CLIENT_ID.test('0b6f8d2e-1c2a-4f7e-9a51-0c2d3e4f5a6b')).toBe(true);
    expect(CLIENT_ID.test('short')).toBe(false);
    expect(CLIENT_ID.test('../../etc/passwd')).toBe(false);
  });
});
