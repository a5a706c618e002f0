/** Calendar arithmetic for policy windows, on UTC dates written YYYY-MM-DD (string order = date order). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The same day `months` calendar months earlier (clamped to the month's last day: 31 May − 3 months = 28/29 Feb). */
export function monthsBefore(date: Date, months: number): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const target = new Date(Date.UTC(year, month, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return isoDay(target);
}

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / 86_400_000);
}
