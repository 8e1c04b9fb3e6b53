/**
 * The drift sweep (domain/wire/okta-sweep.ts) as the Okta status panel words it: how often it
 * runs, and what the last sweep found and fixed.
 */
import type { OktaSweepStatus } from '../../../../domain/wire/okta-sweep';

const UNITS: readonly [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

export function scheduleText(sweep: OktaSweepStatus): string {
  if (sweep.intervalMs === null || sweep.intervalMs === 0) return 'Off on this server';
  const [size, unit] = UNITS.find(([ms]) => sweep.intervalMs !== null && sweep.intervalMs % ms === 0) ?? [
    1000,
    'second',
  ];
  const n = sweep.intervalMs / size;
  return n === 1 ? `Every ${unit}` : `Every ${n} ${unit}s`;
}

export function lastSweepText(sweep: OktaSweepStatus, formatTime: (iso: string) => string): string {
  if (sweep.running && sweep.lastStartedAt) return `Running since ${formatTime(sweep.lastStartedAt)}`;
  if (sweep.lastFinishedAt === null) return 'None yet';
  const accounts = `${sweep.accounts} extended account${sweep.accounts === 1 ? '' : 's'} checked`;
  const found =
    sweep.driftFound === 0
      ? 'no drift found'
      : `${sweep.driftFound} drift${sweep.driftFound === 1 ? '' : 's'} found, ${sweep.driftFixed} fixed`;
  const stopped = sweep.lastError ? ` (stopped early: ${sweep.lastError})` : '';
  return `${formatTime(sweep.lastFinishedAt)}: ${accounts}, ${found}${stopped}`;
}
