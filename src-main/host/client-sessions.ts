/**
 * The browser host's clients: each page names itself with a random id (header `X-Cascade-Client`
 * on calls, `&client=` on its event socket). Engine work a page starts carries its session's signal,
 * which aborts once the page has had no event socket for `graceMs` (a reload or a brief network
 * hiccup reconnects within it), so a closed tab leaves no CPU running.
 */

/** What a client id must look like (a UUID, or the renderer's fallback). */
export const CLIENT_ID = /^[A-Za-z0-9-]{8,64}$/;

interface Session {
  controller: AbortController;
  sockets: number;
  timer: NodeJS.Timeout | null;
  lastUsedMs: number;
}

export class ClientSessions {
  readonly #sessions = new Map<string, Session>();

  /**
   * @param graceMs how long a client may be without an event socket before its work is stopped.
   * @param maxSessions sessions remembered at once (the oldest idle one is dropped beyond it).
   */
  constructor(
    readonly graceMs = 3000,
    readonly maxSessions = 256,
  ) {}

  #get(id: string): Session {
    let s = this.#sessions.get(id);
    if (!s) {
      s = { controller: new AbortController(), sockets: 0, timer: null, lastUsedMs: Date.now() };
      this.#sessions.set(id, s);
      this.#trim();
    }
    s.lastUsedMs = Date.now();
    return s;
  }

  #trim(): void {
    if (this.#sessions.size <= this.maxSessions) return;
    const idle = [...this.#sessions.entries()]
      .filter(([, s]) => s.sockets === 0)
      .sort(([, a], [, b]) => a.lastUsedMs - b.lastUsedMs);
    for (const [id, s] of idle.slice(0, this.#sessions.size - this.maxSessions)) {
      if (s.timer) clearTimeout(s.timer);
      s.controller.abort();
      this.#sessions.delete(id);
    }
  }

  /** Aborts when the client `id` is gone (no event socket for `graceMs`). */
  signalFor(id: string): AbortSignal {
    return this.#get(id).controller.signal;
  }

  /** An event socket of the client opened. */
  attach(id: string): void {
    const s = this.#get(id);
    s.sockets++;
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
  }

  /** An event socket of the client closed; with none left, its work stops after the grace period. */
  detach(id: string): void {
    const s = this.#sessions.get(id);
    if (!s) return;
    s.sockets = Math.max(0, s.sockets - 1);
    if (s.sockets > 0 || s.timer) return;
    s.timer = setTimeout(() => {
      this.#sessions.delete(id);
      s.controller.abort();
    }, this.graceMs);
    s.timer.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Stops every client's work (host shutdown). */
  closeAll(): void {
    for (const s of this.#sessions.values()) {
      if (s.timer) clearTimeout(s.timer);
      s.controller.abort();
    }
    this.#sessions.clear();
  }
}
