/**
 * The CPU share of this process: CPU time (user + kernel, every thread) used since the last reading,
 * over the wall time since then. 1 means one core busy the whole time; a process with busy helper
 * threads can go above 1.
 */
export class CpuMeter {
  private lastCpuUs: number;
  private lastWallUs: number;

  constructor(
    private readonly cpuUsage: () => NodeJS.CpuUsage = () => process.cpuUsage(),
    private readonly wallUs: () => number = () => Number(process.hrtime.bigint() / 1000n),
  ) {
    this.lastCpuUs = this.cpuNow();
    this.lastWallUs = this.wallUs();
  }

  private cpuNow(): number {
    const { user, system } = this.cpuUsage();
    return user + system;
  }

  /** The share since the previous call (or since construction). */
  read(): number {
    const cpu = this.cpuNow();
    const wall = this.wallUs();
    const share = wall > this.lastWallUs ? (cpu - this.lastCpuUs) / (wall - this.lastWallUs) : 0;
    this.lastCpuUs = cpu;
    this.lastWallUs = wall;
    return Math.max(0, share);
  }
}
