const DAY_MS = 86_400_000;
// `toISOString` writes the years 0000–9999 with four digits (outside them, ±YYYYYY).
const FOUR_DIGIT_YEARS_FROM = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const FOUR_DIGIT_YEARS_UNTIL = 253_402_300_800_000; // 10000-01-01T00:00:00.000Z

/**
 * Writes instants as `new Date(epochMs).toISOString()` does: the text of every event timestamp and
 * deadline. Every decide stamps its events and timestamps repeat, so a formatter remembers the last
 * day's date and the last instant's text (`toISOString` costs about half a microsecond). Keep one
 * as long as its owner (the engine's decide runtime): a new one per call would remember nothing.
 * Not shared across threads; its memory never changes what it writes.
 */
export class TimestampFormatter {
  #lastDay = Number.NaN;
  #lastDayPrefix = '';
  #lastMs = Number.NaN;
  #lastText = '';

  /** `new Date(epochMs).toISOString()`; throws the same `RangeError` for an instant Date cannot hold. */
  format(epochMs: number): string {
    if (epochMs === this.#lastMs) return this.#lastText;
    if (!Number.isInteger(epochMs) || epochMs < FOUR_DIGIT_YEARS_FROM || epochMs >= FOUR_DIGIT_YEARS_UNTIL) {
      return new Date(epochMs).toISOString();
    }
    const day = Math.floor(epochMs / DAY_MS);
    if (day !== this.#lastDay) {
      this.#lastDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
      this.#lastDay = day;
    }
    const time = epochMs - day * DAY_MS;
    const text =
      this.#lastDayPrefix +
      twoDigits(Math.floor(time / 3_600_000)) +
      ':' +
      twoDigits(Math.floor(time / 60_000) % 60) +
      ':' +
      twoDigits(Math.floor(time / 1000) % 60) +
      '.' +
      threeDigits(time % 1000) +
      'Z';
    this.#lastMs = epochMs;
    this.#lastText = text;
    return text;
  }
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function threeDigits(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}
