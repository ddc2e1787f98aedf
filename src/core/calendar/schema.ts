import { date, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Exceptions to the weekly pattern: days off on weekdays (holidays, compensatory days, Government days off)
 * and working Saturdays (swaps). One row per date; edited by admins per year.
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    day: date('day').notNull(),
    /** day_off | working_day */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    source: text('source'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_days_day_uq').on(t.day)],
);
