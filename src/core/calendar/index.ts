// Working-time calendar: days off, swapped Saturdays, office hours, and due-date arithmetic. See README.md.
export {
  CALENDAR_DAY_KINDS,
  type CalendarDayInput,
  type CalendarDayKind,
  SHIPPED_YEARS,
  shippedCalendarDays,
} from './data.js';
export { DERIVED_SOURCE, type DerivedDayOff, deriveStatutoryDaysOff, hungKingsDay, lunarNewYear } from './holidays.js';
export {
  type CalendarDayRow,
  listCalendarYear,
  loadWorkCalendar,
  removeCalendarDay,
  seedCalendar,
  seedDerivedYear,
  setCalendarDay,
  validateCalendarDay,
} from './store.js';
export { daysBetween, formatDateVn, parseInstantVn, todayVn, toIsoVn, VN_WEEKDAY_NAMES, vnIsoDate, type Weekday } from './time.js';
export {
  addWorkingDays,
  addWorkingHours,
  type CalendarEntry,
  type CalendarSummaryEntry,
  calendarYearSummary,
  createWorkCalendar,
  DEFAULT_OFFICE_HOURS,
  isInOfficeHours,
  isWorkingDay,
  nextOpening,
  type OfficeHours,
  type OfficeInterval,
  parseOfficeHours,
  type WorkCalendar,
  type WorkingTime,
  withOfficeHours,
  workingTimeBetween,
} from './work-calendar.js';
