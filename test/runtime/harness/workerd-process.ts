// Runs one workerd process for a suite and stops it by its PID.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { writeWorkerdConfig, type WorkerdConfigSpec } from "./workerd-config.js";

/** Repository root (this file is `test/runtime/harness/workerd-process.ts`). */
export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

/** The pinned `workerd` binary of the npm package (a native executable: its PID is workerd's own). */
export const WORKERD_BINARY = path.join(REPO_ROOT, "node_modules/.bin/workerd");

/** A running workerd. */
export interface WorkerdServer {
  /** PID of the workerd process. */
  readonly pid: number;
  /** Private temporary directory holding the config and modules (removed by {@link WorkerdServer.stop}). */
  readonly dir: string;
  /** TCP port of a listening service on 127.0.0.1. @throws {Error} unknown service. */
  port(service: string): number;
  /** `ws://127.0.0.1:<port><pathname>` of a listening service. */
  wsUrl(service: string, pathname?: string): string;
  /** `http://127.0.0.1:<port><pathname>` of a listening service. */
  httpUrl(service: string, pathname?: string): string;
  /** Everything workerd wrote so far, stdout (the Workers' `console.log`) and stderr (`--verbose` log) interleaved. */
  output(): string;
  /** Only stderr: workerd's own log, where uncaught exceptions are reported. */
  stderr(): string;
  /**
   * Stops the process: SIGTERM, then SIGKILL after `graceMs` (workerd can ignore
   * SIGTERM while a WebSocket hangs), and removes {@link WorkerdServer.dir}.
   * Idempotent; resolves once the process has exited.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Options of {@link startWorkerd}. */
export interface StartWorkerdOptions {
  /** Milliseconds to wait for every socket to listen; default 15 000. */
  startTimeoutMs?: number;
  /** Temporary directory prefix; default `ws-close-workerd-`. */
  tmpPrefix?: string;
}

/**
 * Writes `spec` to a fresh temporary directory and serves it with
 * `workerd serve config.capnp config --verbose --control-fd=3`. TCP sockets bind
 * 127.0.0.1 port 0; workerd reports the port the OS chose on its control fd
 * (`{"event":"listen","socket":NAME,"port":N}`), so no port is guessed or raced for.
 * Resolves once every TCP socket has been reported and accepts a connection.
 *
 * A process-exit hook SIGKILLs the process if the caller never stops it.
 *
 * @returns the running server.
 * @throws {Error} (after killing the process and removing the directory) when
 *   workerd exits early (bad config) or the sockets are not all listening within
 *   `startTimeoutMs`; the message carries workerd's output.
 */
export async function startWorkerd(spec: WorkerdConfigSpec, options: StartWorkerdOptions = {}): Promise<WorkerdServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix ?? "ws-close-workerd-"));
  let child: ChildProcess;
  let tcpSockets: string[];
  try {
    ({ tcpSockets } = writeWorkerdConfig(spec, dir));
    child = spawn(WORKERD_BINARY, ["serve", "config.capnp", "config", "--verbose", "--control-fd=3"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let combined = "";
  let errText = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (combined += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    combined += chunk;
    errText += chunk;
  });

  let exited = child.exitCode !== null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
    child.once("error", () => {
      exited = true;
      resolve();
    });
  });
  const killOnExit = (): void => {
    if (!exited && child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  };
  process.once("exit", killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 1000): Promise<void> => {
    stopped ??= (async () => {
      if (!exited && child.pid !== undefined) {
        child.kill("SIGTERM");
        const graceful = await Promise.race([exitPromise.then(() => true), delay(graceMs).then(() => false)]);
        if (!graceful && !exited) child.kill("SIGKILL");
        await exitPromise;
      }
      process.removeListener("exit", killOnExit);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const ports = new Map<string, number>();
  try {
    await waitForSockets(child, tcpSockets, ports, exitPromise, options.startTimeoutMs ?? 15_000);
    await Promise.all(tcpSockets.map((name) => waitForConnection(ports.get(name) as number)));
  } catch (error) {
    await stop(0);
    throw new Error(`workerd did not start: ${(error as Error).message}\n--- workerd output ---\n${combined}`, { cause: error });
  }

  const port = (service: string): number => {
    const found = ports.get(service);
    if (found === undefined) throw new Error(`workerd has no TCP socket for service "${service}"`);
    return found;
  };
  return {
    pid: child.pid as number,
    dir,
    port,
    wsUrl: (service, pathname = "/") => `ws://127.0.0.1:${port(service)}${pathname}`,
    httpUrl: (service, pathname = "/") => `http://127.0.0.1:${port(service)}${pathname}`,
    output: () => combined,
    stderr: () => errText,
    stop,
  };
}

function waitForSockets(
  child: ChildProcess,
  expected: readonly string[],
  ports: Map<string, number>,
  exitPromise: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const control = child.stdio[3] as NodeJS.ReadableStream | null;
    if (!control) return reject(new Error("no control fd"));
    let buffer = "";
    const timer = setTimeout(
      () => reject(new Error(`only ${ports.size} of ${expected.length} sockets listening after ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = (): void => {
      if (expected.every((name) => ports.has(name))) {
        clearTimeout(timer);
        resolve();
      }
    };
    control.setEncoding("utf8");
    control.on("data", (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (message.event === "listen" && message.socket !== undefined && expected.includes(message.socket) && typeof message.port === "number") {
          ports.set(message.socket, message.port);
        }
      }
      check();
    });
    void exitPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (code ${child.exitCode}, signal ${child.signalCode})`));
    });
    check();
  });
}

async function waitForConnection(port: number, attempts = 50): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (attempt >= attempts) throw new Error(`127.0.0.1:${port} refuses connections`);
    await delay(20);
  }
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
