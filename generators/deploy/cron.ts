/**
 * A five-field cron expression (minute hour day-of-month month day-of-week), the form GitHub
 * Actions, Dagster and Airflow all accept. Fields: `*`, numbers, names (JAN, MON), ranges, lists
 * and steps.
 */
const FIELD =
  /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

export const DEFAULT_SCHEDULE = '0 2 * * *';

export function validateCron(value: unknown): true | string {
  const fields = typeof value === 'string' ? value.trim().split(/\s+/) : [];
  if (fields.length === 5 && fields.every((field) => FIELD.test(field))) return true;
  return (
    `"${String(value)}" is not a cron expression of five fields (minute hour day month weekday), ` +
    'e.g. "0 2 * * *" for every day at 02:00 UTC'
  );
}
