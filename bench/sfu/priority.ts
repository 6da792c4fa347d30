/**
 * Linux groups tasks by session for scheduling (autogroup): a nice value only counts against
 * tasks of the same session, so on a machine shared with other sessions' builds a forwarder at
 * nice -10 still waits behind them. Each bench child runs in its own session (setsid) and
 * raises that session's weight too. Needs root or CAP_SYS_NICE; without it nothing changes and
 * the table's loss and latency include the wait for a core (CPU time per packet does not).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function raiseAutogroupPriority(nice = -10): boolean {
  try {
    writeFileSync('/proc/self/autogroup', String(nice));
    return readFileSync('/proc/self/autogroup', 'utf8').includes(`nice ${nice}`);
  } catch {
    return false;
  }
}
