/**
 * A chat room Worker, one room per isolate.
 *
 *   GET /chat?name=ada   join the room and talk
 *   GET /watch           follow the room without talking
 *   GET /moderator       host the room; announcements go to everyone
 */

interface Env {
  ROOM_NAME: string;
}

const sessions = new Set<WebSocket>();

function broadcast(message: string): void {
  for (const session of sessions) {
    try {
      session.send(message);
    } catch {
      sessions.delete(session);
    }
  }
}

export default {
  async fetch(request, env): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected Upgrade: websocket", { status: 426 });
    }

    const url = new URL(request.url);
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);

    switch (url.pathname) {
      case "/chat":
        handleSession(server, url.searchParams.get("name") ?? "anonymous");
        break;
      case "/watch":
        watch(server, env);
        break;
      case "/moderator":
        moderate(server);
        break;
      default:
        return new Response("Not found", { status: 404 });
    }

    return new Response(null, { status: 101, webSocket: client });
  },
} satisfies ExportedHandler<Env>;

function handleSession(websocket: WebSocket, name: string): void {
  websocket.accept();
  sessions.add(websocket);
  broadcast(JSON.stringify({ joined: name }));

  websocket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    broadcast(JSON.stringify({ name, message: event.data }));
  });

  // Without a reply the client's close() never completes.
  websocket.addEventListener("close", ({ code, reason }) => {
    sessions.delete(websocket);
    broadcast(JSON.stringify({ quit: name }));
    websocket.close(code, reason);
  });
}

function watch(websocket: WebSocket, env: Env): void {
  websocket.accept();
  websocket.send(JSON.stringify({ room: env.ROOM_NAME, watching: true }));
  sessions.add(websocket);

  websocket.addEventListener("close", onClose);

  function onClose(event: CloseEvent): void {
    sessions.delete(websocket);
    websocket.close(event.code, event.reason);
  }
}

function moderate(moderator: WebSocket): void {
  moderator.accept();
  moderator.addEventListener("message", (event) => {
    broadcast(JSON.stringify({ announcement: String(event.data) }));
  });

  moderator.addEventListener("close", () => {
    broadcast(JSON.stringify({ roomClosed: true }));
    moderator.close(4000, "room closed");
  });
}
