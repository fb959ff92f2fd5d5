/**
 * Virtual clock. Virtual time runs `timeScale` times faster than real time:
 *   now = v0 + (realNow - r0) * timeScale + offset
 * Every timestamp the emulator hands out and every duration it waits for is virtual.
 */
export class Clock {
  private r0: number
  private v0: number
  private scale: number

  constructor(
    timeScale = 1,
    private readonly realNow: () => number = Date.now
  ) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`)
    this.scale = timeScale
    this.r0 = this.realNow()
    this.v0 = this.r0
  }

  get timeScale(): number {
    return this.scale
  }

  /** Virtual epoch milliseconds. */
  now(): number {
    return this.v0 + (this.realNow() - this.r0) * this.scale
  }

  /** Real epoch ms at which the clock shows (or showed) virtual time `v`. */
  realAt(v: number): number {
    return this.r0 + (v - this.v0) / this.scale
  }

  /** Change the speed from now on, without a jump in virtual time. */
  setTimeScale(scale: number): void {
    if (!(scale > 0)) throw new Error(`timeScale must be > 0, got ${scale}`)
    const v = this.now()
    this.r0 = this.realNow()
    this.v0 = v
    this.scale = scale
  }

  /** Jump virtual time forward by `ms` virtual milliseconds. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('cannot move the clock backwards')
    this.v0 += ms
  }

  /** Virtual ms for a number of virtual seconds / minutes. */
  static seconds(s: number): number {
    return s * 1000
  }
  static minutes(m: number): number {
    return m * 60_000
  }
}
