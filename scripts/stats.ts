/** The q-quantile (0..1) of xs, linear between ranks; NaN for none. Shared by the bench's reports. */
export function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const i = (s.length - 1) * q
  const lo = Math.floor(i)
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo)
}
