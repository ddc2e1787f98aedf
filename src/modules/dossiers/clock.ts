import {
  addWorkingDays,
  addWorkingHours,
  isWorkingDay,
  nextOpening,
  parseInstantVn,
  toIsoVn,
  vnIsoDate,
  type WorkCalendar,
  workingTimeBetween,
} from '../../core/calendar/index.js';
import {
  DOSSIER_EVENT_KINDS,
  type ClockEvent,
  type ClockState,
  type DossierEventKind,
  STATUS,
  type StatusCode,
  type TimeLimit,
  type Timeliness,
} from './model.js';

/**
 * The dossier clock: legal due instant, Decision 766 due instant, national status and outcome, all derived from
 * the dossier's events. Pure functions over a WorkCalendar; no database. The rules, with worked examples, are in
 * CLOCK.md ("Clock engine").
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975). */
const VN_OFFSET_MS = 7 * HOUR_MS;
/** NĐ 61/2018 Art. 18: a counter dossier received after 15:00 moves to the next working day. */
const CUTOFF_MS = 15 * HOUR_MS;
/** "đầu giờ ngày làm việc tiếp theo" read as one working hour after the opening (08:00 by default). */
const HANDOVER_NEXT_DAY_HOURS = 1;

export type ClockErrorCode =
  | 'no_events'
  | 'invalid_event'
  | 'event_before_receipt'
  | 'received_twice'
  | 'supplement_already_requested'
  | 'supply_without_request'
  | 'clock_already_stopped'
  | 'pause_already_open'
  | 'bad_pause_reason'
  | 'resume_without_pause'
  | 'bad_extension'
  | 'extended_twice'
  | 'returned_before_end'
  | 'returned_twice'
  | 'after_end';

/**
 * An impossible sequence of events. `message` is Vietnamese (commands show it to the officer); `code` names
 * the problem for programs; `event` is the offending event (null when the list itself is wrong).
 */
export class ClockError extends Error {
  readonly code: ClockErrorCode;
  readonly event: ClockEvent | null;
  constructor(code: ClockErrorCode, message: string, event: ClockEvent | null = null) {
    super(message);
    this.name = 'ClockError';
    this.code = code;
    this.event = event;
  }
}

export type StopReason = 'supplement' | 'financial_obligation' | 'suspension';
export const PAUSE_REASONS = ['financial_obligation', 'suspension'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** What computeClock returns: the ClockState written to the dossier row, plus what it was derived from. */
export interface ClockResult extends ClockState {
  /** when the clock started: the receipt instant, or the next opening after it */
  startedAt: Date;
  /** the due instant computed from the receipt, before any supplement, pause or extension */
  firstDueAt: Date;
  /** while the clock is stopped: the instant it stopped (supplement request or pause); else null */
  stoppedAt: Date | null;
  /** why the clock is stopped now; null when it runs or the dossier is finished */
  stopReason: StopReason | null;
  /** working hours waited on supplements and pauses, closed waits only (Decision 766) */
  waitedHours: number;
}

export interface ClockOptions {
  /** extra working days for dossiers of difficult communes (procedures.difficult_area_extra_days) */
  extraWorkingDays?: number;
}

/**
 * Compute the clock from a dossier's events (sorted here by `at`, stably; the first must be `received`).
 * Throws ClockError on an impossible sequence and RangeError on a bad limit or option.
 */
export function computeClock(
  events: readonly ClockEvent[],
  limit: TimeLimit,
  cal: WorkCalendar,
  opts: ClockOptions = {},
): ClockResult {
  checkLimit(limit);
  const extra = opts.extraWorkingDays ?? 0;
  if (typeof extra !== 'number' || !Number.isFinite(extra) || extra < 0) {
    throw new RangeError(`extraWorkingDays must be a finite number ≥ 0, got ${extra}`);
  }
  if (!Array.isArray(events) || events.length === 0) {
    throw new ClockError('no_events', 'hồ sơ chưa có sự kiện tiếp nhận.');
  }
  for (const e of events) {
    if (!e || !(e.at instanceof Date) || !Number.isFinite(e.at.getTime())) {
      throw new ClockError('invalid_event', 'sự kiện không có thời điểm hợp lệ.', e ?? null);
    }
    if (!KINDS.has(e.kind)) throw new ClockError('invalid_event', `loại sự kiện không xác định: "${e.kind}".`, e);
  }
  // Array.prototype.sort is stable: events at the same instant keep the order they were given in.
  const sorted = [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  const first = sorted[0]!;
  if (first.kind !== 'received') {
    throw new ClockError(
      'event_before_receipt',
      `sự kiện "${first.kind}" lúc ${toIsoVn(first.at)} xảy ra trước khi hồ sơ được tiếp nhận.`,
      first,
    );
  }

  const dueFrom = (from: Date) => dueInstant(cal, from, limit, extra);
  const startedAt = nextOpening(cal, first.at);
  const firstDueAt = dueFrom(first.at);
  let dueAt = firstDueAt;
  let status: StatusCode = STATUS.received;
  let stop: { reason: StopReason; at: Date } | null = null;
  let waitedMs = 0;
  let supplementCount = 0;
  let extendedDueAt: Date | null = null;
  let finishedAt: Date | null = null;
  let outcome: ClockState['outcome'] = null;
  let returnedAt: Date | null = null;

  /** Close the open stop at `at`: its working time is waited (766) and moves the legal due (not for a supply). */
  const closeStop = (at: Date, movesDue: boolean) => {
    const waited = workingMs(cal, stop!.at, at);
    waitedMs += waited;
    if (movesDue) dueAt = addWorkingMs(cal, dueAt, waited);
    stop = null;
  };

  for (const ev of sorted.slice(1)) {
    if (ev.kind === 'received') {
      throw new ClockError('received_twice', `hồ sơ đã được tiếp nhận lúc ${toIsoVn(first.at)}.`, ev);
    }
    if (finishedAt) {
      if (ev.kind === 'fee_paid') continue;
      if (ev.kind === 'result_returned') {
        if (returnedAt) throw new ClockError('returned_twice', `kết quả đã được trả lúc ${toIsoVn(returnedAt)}.`, ev);
        returnedAt = ev.at;
        status = STATUS.returned;
        continue;
      }
      throw new ClockError(
        'after_end',
        `hồ sơ đã kết thúc xử lý lúc ${toIsoVn(finishedAt)}; không thể ghi nhận "${ev.kind}" sau đó.`,
        ev,
      );
    }
    switch (ev.kind) {
      case 'transferred':
      case 'assigned':
        // While the clock is stopped the dossier keeps its stop status (5, 6, 8).
        if (!stop) status = STATUS.processing;
        break;
      case 'fee_paid':
        break;
      case 'supplement_requested':
        if (stop?.reason === 'supplement') {
          throw new ClockError(
            'supplement_already_requested',
            `đang chờ bổ sung theo yêu cầu lúc ${toIsoVn(stop.at)}; chưa thể yêu cầu bổ sung lần nữa.`,
            ev,
          );
        }
        if (stop) throw stoppedError(stop, ev);
        stop = { reason: 'supplement', at: ev.at };
        supplementCount++;
        status = STATUS.supplementRequested;
        break;
      case 'supplement_supplied':
        if (stop?.reason !== 'supplement') {
          throw new ClockError('supply_without_request', 'không có yêu cầu bổ sung nào đang chờ.', ev);
        }
        closeStop(ev.at, false);
        // NĐ 61/2018 Art. 19(4): the time limit is counted again from the start once the dossier is complete.
        dueAt = dueFrom(ev.at);
        status = STATUS.processing;
        break;
      case 'paused': {
        const reason = ev.data?.reason;
        if (reason !== 'financial_obligation' && reason !== 'suspension') {
          throw new ClockError(
            'bad_pause_reason',
            `lý do tạm dừng phải là "financial_obligation" hoặc "suspension", nhận được ${JSON.stringify(reason ?? null)}.`,
            ev,
          );
        }
        if (stop && stop.reason !== 'supplement') {
          throw new ClockError('pause_already_open', `hồ sơ đang tạm dừng từ ${toIsoVn(stop.at)}.`, ev);
        }
        if (stop) throw stoppedError(stop, ev);
        stop = { reason, at: ev.at };
        status = reason === 'financial_obligation' ? STATUS.financialObligation : STATUS.stopped;
        break;
      }
      case 'resumed':
        if (!stop || stop.reason === 'supplement') {
          throw new ClockError('resume_without_pause', 'hồ sơ không ở trạng thái tạm dừng.', ev);
        }
        closeStop(ev.at, true);
        status = STATUS.processing;
        break;
      case 'extended':
        if (extendedDueAt) {
          throw new ClockError(
            'extended_twice',
            `hồ sơ đã được gia hạn (hẹn lại ${toIsoVn(extendedDueAt)}); chỉ được hẹn lại một lần.`,
            ev,
          );
        }
        extendedDueAt = newDueOf(ev);
        break;
      case 'result_ready':
      case 'refused':
      case 'withdrawn':
        // An ending while the clock is stopped closes the stop at the ending: the wait does not count against
        // the agency (no restart, since no complete dossier arrived).
        if (stop) closeStop(ev.at, true);
        finishedAt = ev.at;
        outcome = ev.kind === 'result_ready' ? 'approved' : ev.kind;
        status = ev.kind === 'withdrawn' ? STATUS.withdrawn : STATUS.done;
        break;
      case 'result_returned':
        throw new ClockError('returned_before_end', 'chưa có kết quả (hồ sơ chưa kết thúc xử lý) để trả.', ev);
      case 'received':
        break; // handled above
    }
  }

  const open = stop as { reason: StopReason; at: Date } | null;
  return {
    status,
    dueAt,
    extendedDueAt,
    due766At: addWorkingMs(cal, firstDueAt, waitedMs),
    supplementCount,
    finishedAt,
    outcome,
    returnedAt,
    stopped: open !== null,
    startedAt,
    firstDueAt,
    stoppedAt: open?.at ?? null,
    stopReason: open?.reason ?? null,
    waitedHours: waitedMs / HOUR_MS,
  };
}

const KINDS: ReadonlySet<string> = new Set<DossierEventKind>(DOSSIER_EVENT_KINDS);

function stoppedError(stop: { reason: StopReason; at: Date }, ev: ClockEvent): ClockError {
  const why = stop.reason === 'supplement' ? 'đang chờ bổ sung hồ sơ' : 'đang tạm dừng';
  return new ClockError('clock_already_stopped', `hồ sơ ${why} từ ${toIsoVn(stop.at)}.`, ev);
}

function newDueOf(ev: ClockEvent): Date {
  const raw = ev.data?.newDueAt;
  let d: Date | null = null;
  if (raw instanceof Date) d = raw;
  else if (typeof raw === 'string') {
    try {
      d = parseInstantVn(raw, 'newDueAt');
    } catch {
      d = null;
    }
  }
  if (!d || !Number.isFinite(d.getTime())) {
    throw new ClockError('bad_extension', `ngày hẹn trả mới không hợp lệ: ${JSON.stringify(raw ?? null)}.`, ev);
  }
  return d;
}

function checkLimit(limit: TimeLimit): void {
  if (!limit || !['working_days', 'working_hours', 'calendar_days', 'same_day'].includes(limit.unit)) {
    throw new RangeError(`unknown time-limit unit: ${JSON.stringify(limit?.unit)}`);
  }
  if (limit.unit === 'same_day') return;
  const v = limit.value;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new RangeError(`time limit must be a finite number ≥ 0, got ${v}`);
  }
  if (limit.unit === 'calendar_days' && !Number.isInteger(v)) {
    throw new RangeError(`a limit in calendar days must be a whole number, got ${v}`);
  }
}

/**
 * The due instant of `limit` counted from `from` (a receipt or a supply instant; the clock starts at the next
 * opening when the office is closed), plus `extra` working days. See CLOCK.md for each unit.
 */
export function dueInstant(cal: WorkCalendar, from: Date, limit: TimeLimit, extra = 0): Date {
  checkLimit(limit);
  const start = nextOpening(cal, from);
  let due: Date;
  switch (limit.unit) {
    case 'working_days':
      return addWorkingDays(cal, start, limit.value + extra);
    case 'working_hours':
      due = addWorkingHours(cal, start, limit.value);
      break;
    case 'calendar_days': {
      const target = new Date(start.getTime() + limit.value * DAY_MS); // no DST in Vietnam: exact
      due = isWorkingDay(cal, vnIsoDate(target)) ? target : closingOf(cal, nextOpening(cal, vnMidnight(target)));
      break;
    }
    case 'same_day': {
      const sameDay = vnMsOfDay(start.getTime()) <= CUTOFF_MS;
      due = closingOf(cal, sameDay ? start : openingOfNextWorkingDay(cal, start));
      break;
    }
  }
  return extra > 0 ? addWorkingDays(cal, due, extra) : due;
}

/**
 * Counter dossiers (NĐ 61/2018 Art. 18): the reception step hands the dossier over the same working day when
 * received by 15:00 (→ end of office hours, 17:00), else at the start of the next working day, read as one
 * working hour after the opening (08:00). A receipt on a non-working day counts as received at the next opening.
 */
export function receptionStepDue(receivedAt: Date, cal: WorkCalendar): Date {
  const t = checkDate(receivedAt, 'receivedAt');
  if (isWorkingDay(cal, vnIsoDate(receivedAt)) && vnMsOfDay(t) > CUTOFF_MS) {
    return addWorkingHours(cal, openingOfNextWorkingDay(cal, receivedAt), HANDOVER_NEXT_DAY_HOURS);
  }
  return closingOf(cal, nextOpening(cal, receivedAt));
}

/**
 * Whether an extension (apology letter, "hẹn lại") may be recorded `now` with `newDueAt`: the dossier is not
 * finished, has not been extended, `now` is at least one working day (8 working hours) before the current legal
 * due instant, and the new due instant is later than it.
 */
export function checkExtension(
  state: ClockState,
  events: readonly ClockEvent[],
  now: Date,
  newDueAt: Date,
  cal: WorkCalendar,
): { ok: true } | { ok: false; reason: 'already_extended' | 'too_late' | 'not_later' | 'finished' } {
  checkDate(now, 'now');
  if (state.finishedAt) return { ok: false, reason: 'finished' };
  if (state.extendedDueAt || events.some((e) => e.kind === 'extended')) return { ok: false, reason: 'already_extended' };
  if (workingMs(cal, now, state.dueAt) < cal.dayMs) return { ok: false, reason: 'too_late' };
  if (!(newDueAt instanceof Date) || !Number.isFinite(newDueAt.getTime()) || newDueAt <= state.dueAt) {
    return { ok: false, reason: 'not_later' };
  }
  return { ok: true };
}

/**
 * Decision 766 indicator 2.1: on time when there was at most one supplement request and the dossier finished
 * by due766At, or (still open) `asOf` is not after due766At. While the clock is stopped (a single open supplement
 * request, or a pause) the open dossier is judged at the instant it stopped. Compute `state` from the events up
 * to `asOf`.
 */
export function is766OnTime(
  state: Pick<ClockResult, 'supplementCount' | 'finishedAt' | 'due766At' | 'stopped' | 'stoppedAt'>,
  asOf: Date = new Date(),
): boolean {
  if (state.supplementCount > 1) return false;
  if (state.finishedAt) return state.finishedAt.getTime() <= state.due766At.getTime();
  let judged = checkDate(asOf, 'asOf');
  if (state.stopped && state.stoppedAt) judged = Math.min(judged, state.stoppedAt.getTime());
  return judged <= state.due766At.getTime();
}

/**
 * Biểu 06 timeliness of a finished dossier: early when it finished on a calendar day (Asia/Ho_Chi_Minh) before
 * the due instant's day; on time on the due day up to and including the due instant; late after it.
 */
export function classifyFinished(finishedAt: Date, dueAt: Date): Timeliness {
  const f = checkDate(finishedAt, 'finishedAt');
  const d = checkDate(dueAt, 'dueAt');
  if (f > d) return 'late';
  return vnIsoDate(finishedAt) < vnIsoDate(dueAt) ? 'early' : 'on_time';
}

/** An open dossier at `asOf`: overdue when asOf is after the due instant, else within. */
export function classifyOpen(dueAt: Date, asOf: Date): 'within' | 'overdue' {
  return checkDate(asOf, 'asOf') > checkDate(dueAt, 'dueAt') ? 'overdue' : 'within';
}

// ---- helpers over Vietnamese local time ----

function checkDate(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} is not a valid Date`);
  return t;
}

function vnMsOfDay(t: number): number {
  const local = t + VN_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** Local midnight (Asia/Ho_Chi_Minh) of the instant's day. */
function vnMidnight(d: Date): Date {
  return new Date(d.getTime() - vnMsOfDay(d.getTime()));
}

/** The end of the last office interval (17:00 by default) of the instant's local day. */
function closingOf(cal: WorkCalendar, d: Date): Date {
  const last = cal.intervals[cal.intervals.length - 1]!;
  return new Date(vnMidnight(d).getTime() + last.end);
}

/** The first opening of the first working day after the instant's local day. */
function openingOfNextWorkingDay(cal: WorkCalendar, d: Date): Date {
  return nextOpening(cal, new Date(vnMidnight(d).getTime() + DAY_MS));
}

/** Working milliseconds from a to b (0 when b ≤ a), rounded to the millisecond. */
function workingMs(cal: WorkCalendar, a: Date, b: Date): number {
  return Math.round(workingTimeBetween(cal, a, b).minutes * MINUTE_MS);
}

/** `from` plus working time; adding nothing leaves `from` unchanged (even at 17:00 or outside office hours). */
function addWorkingMs(cal: WorkCalendar, from: Date, ms: number): Date {
  return ms > 0 ? addWorkingHours(cal, from, ms / HOUR_MS) : from;
}
