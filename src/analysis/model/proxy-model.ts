/**
 * Proxy links between two sockets (docs/rules/require-allow-half-open.md#what-it-reports): a close handler of one calls
 * `close()` on the other, or the messages of each are forwarded to the other
 * with `send()`. Each direction is recorded, so a rule can ask whether a socket
 * is a proxy leg, who its peer is, and which way the close travels.
 *
 * Runtime fact (docs/runtime-behaviour.md#proxies-lose-their-close-coordination-with-the-auto-reply): with auto reply, each leg of a proxy is
 * closed on its own at once; only `accept({ allowHalfOpen: true })` on both legs
 * keeps the close end to end. A `new WebSocket(url)` leg can never be half-open.
 */
import type { TSESTree } from "@typescript-eslint/typescript-estree";
import type { SocketBinding } from "./socket-model.js";

/** `from`'s close handler calls `to.close(…)`. */
export interface CloseForward {
  from: SocketBinding;
  to: SocketBinding;
  call: TSESTree.CallExpression;
}

/** A message handler of `from` calls `to.send(…)`. */
export interface MessageForwardLink {
  from: SocketBinding;
  to: SocketBinding;
  call: TSESTree.CallExpression;
}

/** Two sockets joined by close or message forwarding. */
export interface ProxyLink {
  /** The two legs, in the order their bindings appear in the file. */
  legs: [SocketBinding, SocketBinding];
  closeForwards: CloseForward[];
  messageForwards: MessageForwardLink[];
}

/** The proxy links of a file, with lookups by socket. */
export class ProxyModel {
  /**
   * @param links the links, built by `findProxyLinks`.
   */
  constructor(readonly links: readonly ProxyLink[]) {}

  /** The links `socket` is a leg of. */
  linksOf(socket: SocketBinding): ProxyLink[] {
    return this.links.filter((link) => link.legs.includes(socket));
  }

  /** The sockets `socket` is proxied with. */
  peersOf(socket: SocketBinding): SocketBinding[] {
    return this.linksOf(socket).map((link) => (link.legs[0] === socket ? link.legs[1] : link.legs[0]));
  }

  /** True when a close handler of `from` closes `to`. */
  forwardsClose(from: SocketBinding, to: SocketBinding): boolean {
    return this.links.some((link) => link.closeForwards.some((forward) => forward.from === from && forward.to === to));
  }
}

/**
 * @param sockets every socket of the file (`findSockets`, `findHonoSockets`).
 * @returns the links; a target that is not a proven socket of the file joins nothing.
 */
export function findProxyLinks(sockets: readonly SocketBinding[]): ProxyModel {
  const byVariable = new Map(sockets.map((socket) => [socket.variable, socket]));
  const links = new Map<string, ProxyLink>();
  const order = new Map(sockets.map((socket, index) => [socket, index]));
  const linkFor = (a: SocketBinding, b: SocketBinding): ProxyLink => {
    const [first, second] = order.get(a)! <= order.get(b)! ? [a, b] : [b, a];
    const key = `${order.get(first)}:${order.get(second)}`;
    let link = links.get(key);
    if (!link) {
      link = { legs: [first, second], closeForwards: [], messageForwards: [] };
      links.set(key, link);
    }
    return link;
  };

  const messageForwards: MessageForwardLink[] = [];
  for (const from of sockets) {
    for (const handler of from.closeHandlers) {
      for (const closeCall of handler.closeCalls) {
        if (closeCall.target.kind !== "other") continue;
        const to = byVariable.get(closeCall.target.variable);
        if (to && to !== from) linkFor(from, to).closeForwards.push({ from, to, call: closeCall.call });
      }
    }
    for (const forward of from.messageForwards) {
      const to = byVariable.get(forward.to);
      if (to && to !== from) messageForwards.push({ from, to, call: forward.call });
    }
  }
  for (const forward of messageForwards) {
    const both = messageForwards.some((back) => back.from === forward.to && back.to === forward.from);
    const existing = [...links.values()].find((link) => link.legs.includes(forward.from) && link.legs.includes(forward.to));
    if (both || existing) linkFor(forward.from, forward.to).messageForwards.push(forward);
  }
  return new ProxyModel([...links.values()]);
}
