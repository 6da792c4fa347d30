import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What this process holds open, read from /proc (Linux): its file descriptors, and how many of them are
 * UDP sockets (the inodes of its socket descriptors that /proc/net/udp and udp6 list). Used by the SFU
 * leak tests and by `npm run soak`.
 */
export interface OpenFiles {
  descriptors: number;
  udpSockets: number;
}

export function openFiles(pid: number | 'self' = 'self'): OpenFiles {
  const fdDir = `/proc/${pid}/fd`;
  const fds = readdirSync(fdDir);
  const socketInodes = new Set<string>();
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${fdDir}/${fd}`));
      if (match) socketInodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  let udpSockets = 0;
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
      const inode = line.trim().split(/\s+/)[9];
      if (inode && socketInodes.has(inode)) udpSockets += 1;
    }
  }
  return { descriptors: fds.length, udpSockets };
}

/** Polls until `read()` satisfies `done`, or `timeoutMs` passes; returns the last reading either way. */
export async function settle<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = read();
  }
  return value;
}
