/** Calendar dates as `YYYY-MM-DD` strings, computed in UTC so results never depend on the host's zone. */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function toIsoDate(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** Strict parse: rejects `2024-02-30` and friends, which `Date.parse` would roll over. */
export function parseIsoDate(s: string): IsoDate | undefined {
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) || toIsoDate(d) !== s ? undefined : s;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** Day number since 1970-01-01, a stable seed for generated data. */
export function dayNumber(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
