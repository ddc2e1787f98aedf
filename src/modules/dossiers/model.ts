import type { TimeLimitUnit } from './schema.js';

/** Channel of submission, as the national portal codes it (KenhThucHien). */
export const CHANNELS = { direct: 1, online: 2, postal: 3 } as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** National dossier status codes (synced to the National Public Service Portal). */
export const STATUS = {
  registered: 1, // Mới đăng ký (online, not yet received)
  received: 2, // Được tiếp nhận
  notReceived: 3, // Không được tiếp nhận
  processing: 4, // Đang xử lý
  supplementRequested: 5, // Yêu cầu bổ sung giấy tờ
  financialObligation: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn: 7, // Công dân yêu cầu rút hồ sơ
  stopped: 8, // Dừng xử lý
  done: 9, // Đã xử lý xong
  returned: 10, // Đã trả kết quả
} as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];

/**
 * What can happen to a dossier. Each event is stored in dossier_events; the clock and the status are computed
 * from the whole list (see clock.ts).
 * - received: intake accepted; the clock starts (from the next opening if outside office hours)
 * - transferred: handed to another unit or step (data.step, data.toOrgUnitId); assigned: to an officer (data.userId)
 * - supplement_requested: during appraisal, data.items (the complete list); the legal clock stops
 * - supplement_supplied: the applicant supplied; the legal clock restarts from zero, the 766 wait ends
 * - paused (data.reason 'financial_obligation' | 'suspension') / resumed: the due moves by the paused working time
 * - extended: apology letter, data.newDueAt (ISO), at most once, at least one working day before the due instant
 * - refused (after appraisal), withdrawn, result_ready: end processing; result_returned: handed to the applicant
 * - fee_paid: data.receiptNo, data.amountVnd
 */
export const DOSSIER_EVENT_KINDS = [
  'received',
  'transferred',
  'assigned',
  'supplement_requested',
  'supplement_supplied',
  'paused',
  'resumed',
  'extended',
  'refused',
  'withdrawn',
  'result_ready',
  'result_returned',
  'fee_paid',
] as const;
export type DossierEventKind = (typeof DOSSIER_EVENT_KINDS)[number];

export const ENDING_EVENTS: readonly DossierEventKind[] = ['refused', 'withdrawn', 'result_ready'];

export interface ClockEvent {
  kind: DossierEventKind;
  at: Date;
  data?: Record<string, unknown> | null;
}

export interface TimeLimit {
  value: number;
  unit: TimeLimitUnit;
}

/** What the clock engine derives from the events; written to the dossier row by every command. */
export interface ClockState {
  status: StatusCode;
  /** legal due instant (restarted after a supplement during appraisal; paused working time added) */
  dueAt: Date;
  /** appointment after an extension, if any */
  extendedDueAt: Date | null;
  /** Decision 766: first due instant plus the supplement waiting time (working time) */
  due766At: Date;
  supplementCount: number;
  finishedAt: Date | null;
  outcome: 'approved' | 'refused' | 'withdrawn' | null;
  returnedAt: Date | null;
  /** the clock is stopped now (waiting for a supplement, paused) */
  stopped: boolean;
  /** when the clock stopped, while it is stopped (an open dossier is judged at this instant for 766) */
  stoppedAt: Date | null;
}

/** Result of a finished dossier against its due instant (Biểu 06): early / on time / late. */
export type Timeliness = 'early' | 'on_time' | 'late';
/** An open dossier at a moment: within its time limit or overdue. */
export type OpenTimeliness = 'within' | 'overdue';

export const FIELDS = ['land', 'environment', 'water', 'minerals', 'surveying', 'hydrometeorology', 'general'] as const;
export type Field = (typeof FIELDS)[number];
export const LEVELS = ['province', 'district', 'commune'] as const;
export type Level = (typeof LEVELS)[number];
