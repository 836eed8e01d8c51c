/**
 * Checks a compatibility date: `YYYY-MM-DD` naming a real calendar day
 * (`2026-02-30` is rejected). Source: Cloudflare doc "Compatibility dates"
 * (the format wrangler and workerd accept).
 *
 * @returns `true` for a valid date string; never throws.
 */
export function isValidCompatibilityDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
