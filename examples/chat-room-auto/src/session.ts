/** Everyone in the room who receives messages: participants and watchers. */
export const sessions = new Set<WebSocket>();

/** The last messages, replayed to late joiners by `/history`. */
export const backlog: string[] = [];
const BACKLOG_SIZE = 100;

/** Sends one message to everyone in the room and remembers it. */
export function broadcast(message: string): void {
  backlog.push(message);
  if (backlog.length > BACKLOG_SIZE) backlog.shift();

  for (const session of sessions) {
    try {
      session.send(message);
    } catch {
      // The connection broke since its last event; stop sending to it.
      sessions.delete(session);
    }
  }
}

/**
 * Wires a participant's socket into the room: what it sends is relayed to
 * everyone, and it leaves the room when it disconnects.
 */
export function handleSession(websocket: WebSocket, name: string): void {
  websocket.accept();
  sessions.add(websocket);
  broadcast(JSON.stringify({ joined: name }));

  websocket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    broadcast(JSON.stringify({ name, message: event.data }));
  });

  websocket.addEventListener("close", onClose);

  function onClose(): void {
    sessions.delete(websocket);
    broadcast(JSON.stringify({ quit: name }));
    websocket.close();
  }
}
