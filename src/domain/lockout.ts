/**
 * OAPI's lockout (reference/outscale-oapi.md §3.2): every fourth consecutive failure locks the
 * credential for one more minute than the last, up to ten minutes. Returns how long to lock
 * after `failures` consecutive failures, or 0.
 */
export function lockoutAfter(failures: number): number {
  if (failures < 4 || failures % 4 !== 0) return 0;
  return Math.min(failures / 4, 10) * 60_000;
}
