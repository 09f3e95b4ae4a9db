const DAY_MS = 86_400_000;
// `toISOString` writes the years 0000–9999 with four digits (outside them, ±YYYYYY).
const FOUR_DIGIT_YEARS_FROM = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const FOUR_DIGIT_YEARS_UNTIL = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

// Every decide stamps its events, and timestamps repeat: the last day's date and the last
// instant's text are kept (`Date.prototype.toISOString` costs about half a microsecond).
let lastDay = Number.NaN;
let lastDayPrefix = '';
let lastMs = Number.NaN;
let lastText = '';

/** `new Date(epochMs).toISOString()`, the text every event timestamp and deadline is written in. */
export function formatTimestamp(epochMs: number): string {
  if (epochMs === lastMs) return lastText;
  if (!Number.isInteger(epochMs) || epochMs < FOUR_DIGIT_YEARS_FROM || epochMs >= FOUR_DIGIT_YEARS_UNTIL) {
    return new Date(epochMs).toISOString();
  }
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay) {
    lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    lastDay = day;
  }
  const time = epochMs - day * DAY_MS;
  const text =
    lastDayPrefix +
    twoDigits(Math.floor(time / 3_600_000)) +
    ':' +
    twoDigits(Math.floor(time / 60_000) % 60) +
    ':' +
    twoDigits(Math.floor(time / 1000) % 60) +
    '.' +
    threeDigits(time % 1000) +
    'Z';
  lastMs = epochMs;
  lastText = text;
  return text;
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function threeDigits(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}
