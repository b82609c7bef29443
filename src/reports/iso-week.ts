/**
 * ISO-8601 weeks (Monday start, UTC): `2026-W47` ↔ [weekStartMs, weekEndMs). Week 1 is the week
 * holding the year's first Thursday, so late-December days can belong to next year's week 1.
 */
import { InputError } from '../domain/errors.js';
import { DAY_SECONDS, WEEK_SECONDS } from '../domain/units.js';

const DAY_MS = DAY_SECONDS * 1000;
const WEEK_MS = WEEK_SECONDS * 1000;

export interface IsoWeek {
  /** `YYYY-Www`, e.g. `2026-W47`. */
  week: string;
  isoYear: number;
  weekNumber: number;
  /** Monday 00:00 UTC. */
  startMs: number;
  /** The next Monday 00:00 UTC (exclusive end). */
  endMs: number;
}

/** Monday 00:00 UTC of ISO week 1 of `isoYear`. */
function startOfWeekOne(isoYear: number): number {
  const jan4 = Date.UTC(isoYear, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday * DAY_MS;
}

function weeksInYear(isoYear: number): number {
  return Math.round((startOfWeekOne(isoYear + 1) - startOfWeekOne(isoYear)) / WEEK_MS);
}

function makeWeek(isoYear: number, weekNumber: number): IsoWeek {
  const startMs = startOfWeekOne(isoYear) + (weekNumber - 1) * WEEK_MS;
  return { week: `${isoYear}-W${String(weekNumber).padStart(2, '0')}`, isoYear, weekNumber, startMs, endMs: startMs + WEEK_MS };
}

/** Parses `YYYY-Www`; throws InputError naming the flag on anything else (including W53 in 52-week years). */
export function parseIsoWeek(text: string, what = '--week'): IsoWeek {
  const m = /^(\d{4})-W(\d{2})$/.exec(text);
  const hint = 'use an ISO week such as 2026-W47; weeks start on Monday, UTC';
  if (!m) throw new InputError(`${what} ${JSON.stringify(text)}: expected YYYY-Www`, { hint });
  const isoYear = Number(m[1]);
  const weekNumber = Number(m[2]);
  const max = weeksInYear(isoYear);
  if (weekNumber < 1 || weekNumber > max) throw new InputError(`${what} ${text}: ${isoYear} has weeks 01 to ${max}`, { hint });
  return makeWeek(isoYear, weekNumber);
}

/** The ISO week that contains `timestampMs`. */
export function getIsoWeekOf(timestampMs: number): IsoWeek {
  const dayStart = Math.floor(timestampMs / DAY_MS) * DAY_MS;
  const weekday = (new Date(dayStart).getUTCDay() + 6) % 7;
  const monday = dayStart - weekday * DAY_MS;
  // The ISO year is the calendar year of the week's Thursday.
  const isoYear = new Date(monday + 3 * DAY_MS).getUTCFullYear();
  const weekNumber = Math.round((monday - startOfWeekOne(isoYear)) / WEEK_MS) + 1;
  return makeWeek(isoYear, weekNumber);
}

/** The last week that ended at or before `timestampMs` (what a Monday-morning report covers). */
export function getLastFullIsoWeek(timestampMs: number): IsoWeek {
  return getIsoWeekOf(getIsoWeekOf(timestampMs).startMs - 1);
}

/** The week `offset` weeks from `week` (negative = earlier). */
export function shiftIsoWeek(week: IsoWeek, offset: number): IsoWeek {
  return getIsoWeekOf(week.startMs + offset * WEEK_MS + DAY_MS);
}
