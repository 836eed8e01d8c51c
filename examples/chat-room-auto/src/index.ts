/**
 * A chat room Worker. There is one room per isolate, which is enough for a
 * demo; a real deployment would keep the room in a Durable Object.
 *
 *   GET /chat?name=ada   join the room and talk
 *   GET /watch           follow the room without talking
 *   GET /moderator       host the room; announcements go to everyone
 *   GET /history         receive the backlog, then the server hangs up
 */
import { backlog, broadcast, handleSession, sessions } from "./session";

interface Env {
  ROOM_NAME: string;
}

export default {
  async fetch(request, env): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected Upgrade: websocket", { status: 426 });
    }

    const url = new URL(request.url);
    switch (url.pathname) {
      case "/chat": {
        const { 0: client, 1: server } = new WebSocketPair();
        handleSession(server, url.searchParams.get("name") ?? "anonymous");
        return new Response(null, { status: 101, webSocket: client });
      }
      case "/watch":
        return watch(env);
      case "/moderator":
        return moderate();
      case "/history":
        return replayHistory();
      default:
        return new Response("Not found", { status: 404 });
    }
  },
} satisfies ExportedHandler<Env>;

/** Watchers get every message but cannot post. */
function watch(env: Env): Response {
  const pair = new WebSocketPair();
  const [client, server] = Object.values(pair);

  server.accept();
  server.send(JSON.stringify({ room: env.ROOM_NAME, watching: true }));
  sessions.add(server);

  server.addEventListener("close", (event) => {
    sessions.delete(server);
    server.close(event.code, event.reason);
  });

  return new Response(null, { status: 101, webSocket: client });
}

/** The host's messages are announcements; when the host leaves, the room ends. */
function moderate(): Response {
  const pair = new WebSocketPair();
  const moderator = pair[1];

  moderator.accept();
  moderator.addEventListener("message", (event) => {
    broadcast(JSON.stringify({ announcement: String(event.data) }));
  });

  moderator.addEventListener("close", () => {
    broadcast(JSON.stringify({ roomClosed: true }));
    // Tell the host's client why the connection ended.
    moderator.close(4000, "room closed");
  });

  return new Response(null, { status: 101, webSocket: pair[0] });
}

/**
 * Sends the backlog. The socket is half-open: a client's Close only ends the
 * client's side, and the server decides when to close its own.
 */
function replayHistory(): Response {
  const [client, server] = Object.values(new WebSocketPair());

  server.accept({ allowHalfOpen: true });
  for (const message of backlog) server.send(message);
  server.send(JSON.stringify({ end: backlog.length }));

  server.addEventListener("close", () => {
    server.close(1000, "history sent");
  });

  return new Response(null, { status: 101, webSocket: client });
}
