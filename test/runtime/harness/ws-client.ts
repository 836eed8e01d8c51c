// A WebSocket client (the `ws` package) that records what a user of a Worker would see.
import WebSocket from "ws";

/**
 * How the conversation ends.
 * - `client-1000`: the client calls `close(1000, "bye")`.
 * - `client-no-status`: the client calls `close()`: an empty Close frame, the server sees 1005.
 * - `client-drop`: the client drops TCP without a Close frame (`terminate()`).
 * - `server-first`: the client sends {@link SERVER_CLOSE_TRIGGER} and waits for the
 *   other side to close (a proxy forwards it to the backend, which closes first).
 */
export type ClientClose = "client-1000" | "client-no-status" | "client-drop" | "server-first";

/** Every {@link ClientClose}, in table order. */
export const CLIENT_CLOSES: readonly ClientClose[] = ["client-1000", "client-no-status", "client-drop", "server-first"];

/** Status code and reason of `client-1000`. */
export const CLIENT_CLOSE = { code: 1000, reason: "bye" } as const;

/** First message of a conversation, unless {@link RunClientOptions.message} says otherwise. */
export const HELLO = "hello";

/** Message that asks the peer (a runtime backend or a facts Worker) to close first. */
export const SERVER_CLOSE_TRIGGER = "close-please";

/** What the client observed. */
export interface ClientObservation {
  close: ClientClose;
  /** The upgrade succeeded. */
  opened: boolean;
  /** Why it did not (HTTP status or socket error), else `null`. */
  openError: string | null;
  /** Text of every message received, in order, until the close completed or timed out. */
  messages: string[];
  /** Close code the client's `close` event reported; `null` when it timed out. 1006: no Close frame arrived. */
  code: number | null;
  /** Close reason; `null` when it timed out. */
  reason: string | null;
  /** `CloseEvent.wasClean`: a Close frame was both received and sent. */
  clean: boolean;
  /** No close completed within the close timeout (the connection was then terminated). */
  timedOut: boolean;
  /** Milliseconds from the client's close (or the trigger message) to the `close` event, or to the timeout. */
  ms: number;
  /** A protocol error `ws` reported (an invalid frame), else `null`. */
  error: string | null;
}

/** Options of {@link runClient}. */
export interface RunClientOptions {
  /** Milliseconds to wait for a completed close before calling it a hang; default 3000. */
  closeTimeoutMs?: number;
  /** Milliseconds to wait for the upgrade; default 5000. */
  openTimeoutMs?: number;
  /** Milliseconds to wait for an answer to the first message before closing anyway; default 1500 (generous: a loaded 2-core machine can take several hundred ms to relay an echo, and closing before it arrives changes what the Worker does). */
  exchangeWaitMs?: number;
  /** Text of the first message; default {@link HELLO}. */
  message?: string;
}

/**
 * Opens `url`, sends the first message ({@link HELLO} by default), waits for the first message (at most
 * `exchangeWaitMs`), then ends the conversation as `close` says, and records
 * what the client saw. Messages are collected until the close event, so a reply
 * that arrives late is still counted. Never rejects: failures are recorded.
 *
 * @param url `ws://127.0.0.1:<port>/...`.
 * @returns the observation; `ms` is wall-clock time on this machine.
 */
export function runClient(url: string, close: ClientClose, options: RunClientOptions = {}): Promise<ClientObservation> {
  const closeTimeoutMs = options.closeTimeoutMs ?? 3000;
  const result: ClientObservation = {
    close,
    opened: false,
    openError: null,
    messages: [],
    code: null,
    reason: null,
    clean: false,
    timedOut: false,
    ms: 0,
    error: null,
  };

  return new Promise<ClientObservation>((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: options.openTimeoutMs ?? 5000 });
    let settled = false;
    let closeStartedAt = 0;
    let closeTimer: NodeJS.Timeout | undefined;
    let firstMessage: (() => void) | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(closeTimer);
      resolve(result);
    };

    ws.on("unexpected-response", (_request, response) => {
      result.openError = `HTTP ${response.statusCode}`;
      response.resume();
      ws.terminate();
      finish();
    });
    ws.on("error", (error) => {
      if (!result.opened) result.openError ??= error.message;
      else result.error ??= error.message;
    });
    ws.on("message", (data) => {
      result.messages.push(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
      firstMessage?.();
    });
    ws.addEventListener("close", (event) => {
      if (!result.opened) {
        finish();
        return;
      }
      if (settled) return;
      result.code = event.code;
      result.reason = event.reason;
      result.clean = event.wasClean;
      result.ms = closeStartedAt === 0 ? 0 : Date.now() - closeStartedAt;
      finish();
    });

    ws.on("open", () => {
      result.opened = true;
      ws.send(options.message ?? HELLO);
      const exchanged = new Promise<void>((done) => {
        firstMessage = done;
        setTimeout(done, options.exchangeWaitMs ?? 1500);
      });
      void exchanged.then(() => {
        firstMessage = undefined;
        if (settled) return;
        closeStartedAt = Date.now();
        closeTimer = setTimeout(() => {
          result.timedOut = true;
          result.ms = Date.now() - closeStartedAt;
          ws.terminate();
          finish();
        }, closeTimeoutMs);
        switch (close) {
          case "client-1000":
            ws.close(CLIENT_CLOSE.code, CLIENT_CLOSE.reason);
            break;
          case "client-no-status":
            ws.close();
            break;
          case "client-drop":
            ws.terminate();
            break;
          case "server-first":
            ws.send(SERVER_CLOSE_TRIGGER);
            break;
        }
      });
    });
  });
}
