/** Serve `root` on 127.0.0.1 at `port` (0 = any free port). */
export function serveStatic(root: string, port?: number): Promise<{ url: string; close: () => Promise<void> }>
