import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The open connections that have not sent a byte yet: a browser's preconnect, a client pool's spare socket whose
 * request went elsewhere or was cancelled. Node's `closeIdleConnections()` counts such a connection as busy (it is
 * waiting for its first request), so a shutdown would wait for it until the deadline; `closeAll()` closes them.
 */
export interface UnusedConnections {
  closeAll(): void;
}

/** Starts following the server's connections; call before it listens. */
export function watchUnusedConnections(server: Server): UnusedConnections {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return {
    closeAll() {
      // No byte read means no request was begun, so there is no reply to cut short.
      for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
    },
  };
}
