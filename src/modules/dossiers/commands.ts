import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, recordAudit } from '../../core/audit/index.js';
import { loadWorkCalendar, parseInstantVn, withOfficeHours, type WorkCalendar } from '../../core/calendar/index.js';
import type { Database, DbOrTx } from '../../core/db/index.js';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../core/errors.js';
import { queueEmail, queueWebhook } from '../../core/notifications/index.js';
import { orgUnits } from '../org/schema.js';
import { ClockError, checkExtension, computeClock } from './clock.js';
import { formatDossierCode, vnDate } from './codes.js';
import { CHANNELS, type ClockEvent, type ClockState, type DossierEventKind, ENDING_EVENTS } from './model.js';
import { dossierDocuments, dossierEvents, dossierSequences, dossiers, intakeDecisions, procedures } from './schema.js';

/*
 * What a person does with a dossier, one function each. Every command runs in one transaction, appends to the
 * dossier's events, recomputes the clock from all events (clock.ts) and audits the change with before/after.
 * Optimistic locking: a command names the version it read; a different version means someone else acted first.
 */

export interface IntakeDocument {
  name: string;
  form: string;
  quantity: number;
}

export interface IntakeInput {
  procedureId: number;
  /** the receiving org unit (its one-stop desk) */
  orgUnitId: number;
  channel: number;
  applicantKind: string;
  applicantName: string;
  applicantIdNumber?: string | null;
  applicantPhone?: string | null;
  applicantEmail?: string | null;
  applicantAddress?: string | null;
  applicantAdminUnitId?: number | null;
  documents: IntakeDocument[];
  /** default: now */
  receivedAt?: Date;
  feeMode?: string;
  /** the applicant's commune is a difficult area: the procedure's extra days apply */
  difficultArea?: boolean;
}

const PHONE = /^(0|\+84)(3|5|7|8|9)\d{8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CCCD = /^\d{12}$/;
const TAX_CODE = /^\d{10}(-\d{3})?$/;

/** Field-level checks of an intake, Vietnamese messages; empty when valid. */
export function validateIntake(input: IntakeInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isInteger(input.procedureId) || input.procedureId <= 0) errors.push({ field: 'procedureId', message: 'Chọn thủ tục hành chính' });
  if (![CHANNELS.direct, CHANNELS.online, CHANNELS.postal].includes(input.channel as 1)) errors.push({ field: 'channel', message: 'Chọn hình thức nộp: trực tiếp, trực tuyến hoặc bưu chính' });
  if (input.applicantKind !== 'person' && input.applicantKind !== 'organisation') errors.push({ field: 'applicantKind', message: 'Chọn người nộp là cá nhân hay tổ chức' });
  if (!input.applicantName?.trim()) errors.push({ field: 'applicantName', message: 'Nhập họ tên người nộp hoặc tên tổ chức' });
  else if (input.applicantName.trim().length > 200) errors.push({ field: 'applicantName', message: 'Tên không được dài quá 200 ký tự' });
  const id = input.applicantIdNumber?.replace(/\s/g, '') ?? '';
  if (id) {
    if (input.applicantKind === 'person' && !CCCD.test(id)) errors.push({ field: 'applicantIdNumber', message: 'Số CCCD gồm đúng 12 chữ số' });
    if (input.applicantKind === 'organisation' && !TAX_CODE.test(id)) errors.push({ field: 'applicantIdNumber', message: 'Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số)' });
  }
  const phone = input.applicantPhone?.replace(/[\s.]/g, '') ?? '';
  if (!phone) errors.push({ field: 'applicantPhone', message: 'Nhập số điện thoại để báo kết quả và tra cứu hồ sơ' });
  else if (!PHONE.test(phone)) errors.push({ field: 'applicantPhone', message: 'Số điện thoại di động không đúng, ví dụ 0912345678' });
  if (input.applicantEmail && !EMAIL.test(input.applicantEmail.trim())) errors.push({ field: 'applicantEmail', message: 'Địa chỉ e-mail không đúng' });
  if (!input.documents.length) errors.push({ field: 'documents', message: 'Chọn ít nhất một thành phần hồ sơ đã nhận' });
  for (const d of input.documents)
    if (!Number.isInteger(d.quantity) || d.quantity < 1 || d.quantity > 99) {
      errors.push({ field: 'documents', message: `Số lượng của "${d.name}" phải từ 1 đến 99` });
      break;
    }
  if (input.feeMode && !['before', 'after', 'exempt'].includes(input.feeMode)) errors.push({ field: 'feeMode', message: 'Chọn cách thu phí' });
  if (input.receivedAt && Number.isNaN(input.receivedAt.getTime())) errors.push({ field: 'receivedAt', message: 'Thời điểm tiếp nhận không hợp lệ' });
  if (input.receivedAt && input.receivedAt.getTime() > Date.now() + 60_000) errors.push({ field: 'receivedAt', message: 'Thời điểm tiếp nhận không được ở tương lai' });
  return errors;
}

/** The working calendar of an org unit (its office hours override, if any). */
export async function calendarOf(tx: DbOrTx, orgUnitId: number): Promise<WorkCalendar> {
  const cal = await loadWorkCalendar(tx);
  const [unit] = await tx.select({ officeHours: orgUnits.officeHours }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  return unit?.officeHours?.length ? withOfficeHours(cal, unit.officeHours) : cal;
}

/** The agency code used in dossier codes: the unit's own, else the nearest ancestor's. */
export async function agencyCodeOf(tx: DbOrTx, orgUnitId: number): Promise<string> {
  // both drivers (PGlite, node-postgres) return the rows under .rows
  const result = (await tx.execute(sql`
    WITH RECURSIVE up AS (
      SELECT id, parent_id, agency_code, 0 AS depth FROM org_units WHERE id = ${orgUnitId}
      UNION ALL SELECT o.id, o.parent_id, o.agency_code, up.depth + 1 FROM org_units o JOIN up ON o.id = up.parent_id WHERE up.depth < 10)
    SELECT agency_code FROM up WHERE agency_code IS NOT NULL ORDER BY depth LIMIT 1`)) as unknown as { rows: { agency_code: string }[] };
  const list = result.rows;
  const code = list[0]?.agency_code;
  if (!code) throw ValidationError.one('orgUnitId', 'Đơn vị tiếp nhận chưa có mã cơ quan để cấp mã hồ sơ; liên hệ quản trị hệ thống');
  return code;
}

/**
 * The next number of an agency's day, taken inside the caller's transaction: the row lock serialises concurrent
 * intakes and a rollback returns the number, so codes have no gaps and no duplicates.
 */
async function nextSequence(tx: DbOrTx, agencyCode: string, receivedAt: Date): Promise<number> {
  const [row] = await tx
    .insert(dossierSequences)
    .values({ agencyCode, day: vnDate(receivedAt), last: 1 })
    .onConflictDoUpdate({ target: [dossierSequences.agencyCode, dossierSequences.day], set: { last: sql`${dossierSequences.last} + 1` } })
    .returning({ last: dossierSequences.last });
  return row!.last;
}

function clockColumns(state: ClockState) {
  return {
    status: state.status,
    dueAt: state.dueAt,
    extendedDueAt: state.extendedDueAt,
    due766At: state.due766At,
    supplementCount: state.supplementCount,
    stoppedAt: state.stopped ? state.stoppedAt : null,
    finishedAt: state.finishedAt,
    outcome: state.outcome,
    returnedAt: state.returnedAt,
  };
}

/** Receive a dossier at the one-stop desk: code, due instant, first event, documents; the applicant is notified. */
export async function receiveDossier(database: Database, actor: Actor, input: IntakeInput) {
  const errors = validateIntake(input);
  if (errors.length) throw new ValidationError(errors);
  const receivedAt = input.receivedAt ?? new Date();
  return database.db.transaction(async (tx) => {
    const [proc] = await tx.select().from(procedures).where(eq(procedures.id, input.procedureId));
    const day = vnDate(receivedAt);
    if (!proc || proc.validFrom > day || (proc.validTo && proc.validTo <= day))
      throw ValidationError.one('procedureId', 'Thủ tục không còn hiệu lực vào ngày tiếp nhận');
    const cal = await calendarOf(tx, input.orgUnitId);
    const agency = await agencyCodeOf(tx, input.orgUnitId);
    const seq = await nextSequence(tx, agency, receivedAt);
    const code = formatDossierCode(agency, receivedAt, seq);
    const events: ClockEvent[] = [{ kind: 'received', at: receivedAt }];
    const state = computeClock(events, { value: proc.timeLimitValue, unit: proc.timeLimitUnit }, cal, {
      extraWorkingDays: input.difficultArea ? proc.difficultAreaExtraDays : 0,
    });
    const [row] = await tx
      .insert(dossiers)
      .values({
        code,
        procedureId: proc.id,
        orgUnitId: input.orgUnitId,
        currentOrgUnitId: input.orgUnitId,
        channel: input.channel,
        applicantKind: input.applicantKind,
        applicantName: input.applicantName.trim(),
        applicantIdNumber: input.applicantIdNumber?.replace(/\s/g, '') || null,
        applicantPhone: input.applicantPhone?.replace(/[\s.]/g, '') || null,
        applicantEmail: input.applicantEmail?.trim() || null,
        applicantAddress: input.applicantAddress?.trim() || null,
        applicantAdminUnitId: input.applicantAdminUnitId ?? null,
        receivedAt,
        ...clockColumns(state),
        feeVnd: input.feeMode === 'exempt' ? 0 : proc.feeVnd,
        feeMode: input.feeMode ?? (proc.feeVnd > 0 ? 'before' : 'exempt'),
      })
      .returning();
    await tx.insert(dossierEvents).values({
      dossierId: row!.id,
      at: receivedAt,
      kind: 'received',
      actorId: actor.id,
      actorName: actor.name,
      toOrgUnitId: input.orgUnitId,
      data: { channel: input.channel, difficultArea: Boolean(input.difficultArea) },
    });
    await tx.insert(dossierDocuments).values(input.documents.map((d) => ({ dossierId: row!.id, name: d.name, form: d.form, quantity: d.quantity })));
    await recordAudit(tx, actor, { action: 'dossier.receive', entity: 'dossier', entityId: row!.code, orgUnitId: row!.orgUnitId, after: row });
    await noticeApplicant(
      tx,
      row!,
      'dossier.received',
      `Đã tiếp nhận hồ sơ ${row!.code}`,
      `Hồ sơ ${row!.code} (${proc.name}) đã được tiếp nhận. Ngày hẹn trả kết quả: ${formatVn(row!.dueAt)}. Tra cứu tại /tra-cuu-ho-so với mã hồ sơ và 4 số cuối điện thoại.`,
    );
    return row!;
  });
}

function formatVn(d: Date): string {
  const l = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(l.getUTCHours())}:${p(l.getUTCMinutes())} ngày ${p(l.getUTCDate())}/${p(l.getUTCMonth() + 1)}/${l.getUTCFullYear()}`;
}

export interface IntakeDecisionInput {
  procedureId: number;
  orgUnitId: number;
  channel: number;
  outcome: 'supplement' | 'refused';
  applicantName: string;
  applicantPhone?: string | null;
  applicantEmail?: string | null;
  /** supplement: the complete list of what is missing (asked once, completely) */
  items?: string[];
  reason?: string;
}

/** The desk asks for a complete list of supplements, or refuses: no dossier code, but a printable record. */
export async function recordIntakeDecision(database: Database, actor: Actor, input: IntakeDecisionInput) {
  const errors: FieldError[] = [];
  if (!input.applicantName?.trim()) errors.push({ field: 'applicantName', message: 'Nhập họ tên người nộp' });
  const items = (input.items ?? []).map((s) => s.trim()).filter(Boolean);
  if (input.outcome === 'supplement' && !items.length)
    errors.push({ field: 'items', message: 'Liệt kê đầy đủ các giấy tờ cần bổ sung (một lần)' });
  if (input.outcome === 'refused' && !input.reason?.trim()) errors.push({ field: 'reason', message: 'Nêu lý do từ chối tiếp nhận' });
  if (errors.length) throw new ValidationError(errors);
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(intakeDecisions)
      .values({
        orgUnitId: input.orgUnitId,
        procedureId: input.procedureId,
        outcome: input.outcome,
        applicantName: input.applicantName.trim(),
        applicantPhone: input.applicantPhone || null,
        applicantEmail: input.applicantEmail || null,
        channel: input.channel,
        items: input.outcome === 'supplement' ? items : null,
        reason: input.reason?.trim() || null,
        at: new Date(),
        actorId: actor.id,
      })
      .returning();
    await recordAudit(tx, actor, { action: `dossier.intake_${input.outcome}`, entity: 'intake_decision', entityId: row!.id, orgUnitId: input.orgUnitId, after: row });
    return row!;
  });
}

export interface EventInput {
  kind: DossierEventKind;
  note?: string | null;
  data?: Record<string, unknown>;
  /** default: now (imports and tests may give another instant) */
  at?: Date;
}

const EVENT_ACTIONS: Record<DossierEventKind, string> = {
  received: 'dossier.receive',
  transferred: 'dossier.process',
  assigned: 'dossier.process',
  supplement_requested: 'dossier.process',
  supplement_supplied: 'dossier.return',
  paused: 'dossier.process',
  resumed: 'dossier.process',
  extended: 'dossier.extend',
  refused: 'dossier.process',
  withdrawn: 'dossier.return',
  result_ready: 'dossier.process',
  result_returned: 'dossier.return',
  fee_paid: 'dossier.return',
};

/** The access action needed to record an event of this kind (for routes and the access matrix). */
export function actionForEvent(kind: DossierEventKind): string {
  return EVENT_ACTIONS[kind];
}

/** Kind-specific field checks of an event. */
function validateEvent(e: EventInput): FieldError[] {
  const errors: FieldError[] = [];
  const d = e.data ?? {};
  if (e.kind === 'supplement_requested') {
    const items = Array.isArray(d.items) ? (d.items as unknown[]).map(String).filter((s) => s.trim()) : [];
    if (!items.length) errors.push({ field: 'items', message: 'Liệt kê đầy đủ các giấy tờ cần bổ sung (một lần)' });
  }
  if ((e.kind === 'refused' || e.kind === 'paused' || e.kind === 'extended' || e.kind === 'withdrawn') && !e.note?.trim())
    errors.push({ field: 'note', message: e.kind === 'extended' ? 'Nêu lý do chậm trễ để ghi vào phiếu xin lỗi' : 'Nêu lý do' });
  if (e.kind === 'paused' && !['financial_obligation', 'suspension'].includes(String(d.reason)))
    errors.push({ field: 'reason', message: 'Chọn lý do tạm dừng: nghĩa vụ tài chính hoặc dừng xử lý' });
  if (e.kind === 'extended' && (typeof d.newDueAt !== 'string' || !d.newDueAt.trim()))
    errors.push({ field: 'newDueAt', message: 'Nhập ngày hẹn trả mới' });
  if (e.kind === 'transferred' && !Number.isInteger(d.toOrgUnitId)) errors.push({ field: 'toOrgUnitId', message: 'Chọn đơn vị nhận' });
  if (e.kind === 'assigned' && !Number.isInteger(d.userId)) errors.push({ field: 'userId', message: 'Chọn người xử lý' });
  if (e.kind === 'fee_paid' && !String(d.receiptNo ?? '').trim()) errors.push({ field: 'receiptNo', message: 'Nhập số biên lai' });
  return errors;
}

export async function loadEvents(tx: DbOrTx, dossierId: number) {
  return tx.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId)).orderBy(asc(dossierEvents.at), asc(dossierEvents.id));
}

/**
 * Record what happened to a dossier. `expectedVersion` is the version the user's page showed; if the dossier has
 * moved on, a ConflictError says so and nothing is written.
 */
export async function recordEvent(database: Database, actor: Actor, dossierId: number, expectedVersion: number, input: EventInput) {
  const errors = validateEvent(input);
  if (errors.length) throw new ValidationError(errors);
  const at = input.at ?? new Date();
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(dossiers).where(eq(dossiers.id, dossierId)).for('update');
    if (!before) throw new NotFoundError();
    if (before.version !== expectedVersion)
      throw new ConflictError(
        `Hồ sơ ${before.code} vừa được người khác cập nhật (phiên bản ${before.version}, bạn đang xem ${expectedVersion}). Tải lại trang để xem tình trạng mới rồi thao tác lại.`,
      );
    const [proc] = await tx.select().from(procedures).where(eq(procedures.id, before.procedureId));
    const cal = await calendarOf(tx, before.orgUnitId);
    const stored = await loadEvents(tx, dossierId);
    const history: ClockEvent[] = stored.map((e) => ({ kind: e.kind as DossierEventKind, at: e.at, data: e.data }));
    const limit = { value: proc!.timeLimitValue, unit: proc!.timeLimitUnit };
    const receivedData = (stored[0]?.data ?? {}) as { difficultArea?: boolean };
    const opts = { extraWorkingDays: receivedData.difficultArea ? proc!.difficultAreaExtraDays : 0 };
    if (input.kind === 'extended') {
      const current = computeClock(history, limit, cal, opts);
      let newDue: Date;
      try {
        newDue = parseInstantVn(String(input.data?.newDueAt), 'newDueAt');
      } catch {
        throw ValidationError.one('newDueAt', 'Ngày hẹn trả mới không đúng định dạng');
      }
      const check = checkExtension(current, history, at, newDue, cal);
      if (!check.ok) throw ValidationError.one('newDueAt', EXTENSION_MESSAGES[check.reason]);
    }
    const next: ClockEvent = { kind: input.kind, at, data: input.data ?? null };
    let state: ClockState;
    try {
      state = computeClock([...history, next], limit, cal, opts);
    } catch (e) {
      if (e instanceof ClockError) throw ValidationError.one('kind', `Không thể ghi nhận thao tác này: ${e.message}`);
      throw e;
    }
    await tx.insert(dossierEvents).values({
      dossierId,
      at,
      kind: input.kind,
      actorId: actor.id,
      actorName: actor.name,
      fromOrgUnitId: input.kind === 'transferred' ? before.currentOrgUnitId : null,
      toOrgUnitId: input.kind === 'transferred' ? Number(input.data?.toOrgUnitId) : null,
      note: input.note?.trim() || null,
      data: input.data ?? null,
    });
    const extra: Partial<typeof dossiers.$inferInsert> = {};
    if (input.kind === 'transferred') extra.currentOrgUnitId = Number(input.data?.toOrgUnitId);
    if (input.kind === 'assigned') extra.assignedTo = Number(input.data?.userId);
    if (input.kind === 'fee_paid') {
      extra.feePaidAt = at;
      extra.feeReceiptNo = String(input.data?.receiptNo);
    }
    const [after] = await tx
      .update(dossiers)
      .set({ ...clockColumns(state), ...extra, version: before.version + 1 })
      .where(and(eq(dossiers.id, dossierId), eq(dossiers.version, expectedVersion)))
      .returning();
    await recordAudit(tx, actor, {
      action: `dossier.${input.kind}`,
      entity: 'dossier',
      entityId: before.code,
      orgUnitId: before.orgUnitId,
      before: { status: before.status, dueAt: before.dueAt, extendedDueAt: before.extendedDueAt, version: before.version },
      after: { status: after!.status, dueAt: after!.dueAt, extendedDueAt: after!.extendedDueAt, version: after!.version, note: input.note ?? null, data: input.data ?? null },
    });
    await notifyApplicant(tx, after!, input, proc!.name);
    return after!;
  });
}

const EXTENSION_MESSAGES: Record<'already_extended' | 'too_late' | 'not_later' | 'finished', string> = {
  already_extended: 'Hồ sơ đã được gia hạn một lần; chỉ được hẹn lại một lần',
  too_late: 'Chỉ được gia hạn chậm nhất trước hạn trả một ngày làm việc',
  not_later: 'Ngày hẹn mới phải sau ngày hẹn hiện tại',
  finished: 'Hồ sơ đã giải quyết xong, không gia hạn được',
};

let applicantWebhookUrl: string | undefined;
/**
 * Where SMS/Zalo notices go: a gateway that accepts the core webhook (POST {event, data} signed with
 * X-Tnmt-Signature). Set once from the configuration (TNMT_APPLICANT_WEBHOOK_URL); unset = e-mail only.
 */
export function setApplicantWebhook(url: string | undefined) {
  applicantWebhookUrl = url;
}

/** One notice to the applicant: e-mail when there is an address, SMS/Zalo through the webhook when configured. */
async function noticeApplicant(tx: DbOrTx, d: typeof dossiers.$inferSelect, event: string, subject: string, text: string) {
  if (d.applicantEmail) await queueEmail(tx, { to: d.applicantEmail, subject, text });
  if (applicantWebhookUrl && d.applicantPhone)
    await queueWebhook(tx, { url: applicantWebhookUrl, event, data: { code: d.code, phone: d.applicantPhone, subject, text } });
}

/** Tell the applicant at the moments the law asks: supplement request, extension (apology), result, refusal. */
async function notifyApplicant(tx: DbOrTx, d: typeof dossiers.$inferSelect, e: EventInput, procedureName: string) {
  const texts: Partial<Record<DossierEventKind, [string, string]>> = {
    supplement_requested: [
      `Hồ sơ ${d.code} cần bổ sung`,
      `Hồ sơ ${d.code} (${procedureName}) cần bổ sung: ${((e.data?.items as string[]) ?? []).join('; ')}. ${e.note ?? ''}`,
    ],
    extended: [
      `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${d.code}`,
      `Cơ quan xin lỗi vì chưa trả kết quả hồ sơ ${d.code} đúng hẹn. Lý do: ${e.note ?? ''}. Ngày hẹn mới: ${d.extendedDueAt ? formatVn(d.extendedDueAt) : ''}.`,
    ],
    result_ready: [`Hồ sơ ${d.code} đã có kết quả`, `Hồ sơ ${d.code} (${procedureName}) đã có kết quả. Mời ông/bà đến nhận theo giấy hẹn.`],
    refused: [`Hồ sơ ${d.code} không được giải quyết`, `Hồ sơ ${d.code} không được giải quyết. Lý do: ${e.note ?? ''}.`],
  };
  const t = texts[e.kind];
  if (t) await noticeApplicant(tx, d, `dossier.${e.kind}`, t[0], t[1]);
}

export function isEnding(kind: DossierEventKind): boolean {
  return ENDING_EVENTS.includes(kind);
}
