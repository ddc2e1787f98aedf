import { addMessages, type Locale, t as translate } from '../../core/i18n/index.js';
import type { Field, Level } from './model.js';

/**
 * Strings of the dossier statistics (Biểu 06, Decision 766): the page, the charts, the CLI and the labels of the
 * groups. Vietnamese is the source; the official form's own wording (Biểu số 06/VPCP/KSTT) is kept in Vietnamese in
 * the XLSX export whatever the locale.
 */
const vi = {
  'nav.dossierStats': 'Thống kê hồ sơ',
  'dossierStats.title': 'Thống kê giải quyết hồ sơ thủ tục hành chính',
  'dossierStats.filter': 'Chọn kỳ và phạm vi',
  'dossierStats.unit': 'Đơn vị',
  'dossierStats.field': 'Lĩnh vực',
  'dossierStats.allFields': 'Tất cả lĩnh vực',
  'dossierStats.procedure': 'Thủ tục',
  'dossierStats.allProcedures': 'Tất cả thủ tục',
  'dossierStats.downloadXlsx': 'Tải Biểu 06 (Excel)',
  'dossierStats.formCode': 'Biểu số 06/VPCP/KSTT',
  'dossierStats.formTitle': 'Tình hình, kết quả giải quyết thủ tục hành chính tại cơ quan, đơn vị trực tiếp giải quyết',
  'dossierStats.caption': 'Biểu 06 — {period} — {unit} (đơn vị tính: số hồ sơ)',
  'dossierStats.col.no': 'STT',
  'dossierStats.col.label': 'Lĩnh vực, công việc giải quyết theo cấp',
  'dossierStats.col.received': 'Số hồ sơ nhận giải quyết',
  'dossierStats.col.done': 'Số hồ sơ đã giải quyết',
  'dossierStats.col.open': 'Số hồ sơ đang giải quyết',
  'dossierStats.col.total': 'Tổng số',
  'dossierStats.col.online': 'Mới tiếp nhận trực tuyến',
  'dossierStats.col.direct': 'Mới tiếp nhận trực tiếp, dịch vụ bưu chính',
  'dossierStats.col.carried': 'Từ kỳ trước',
  'dossierStats.col.early': 'Trước hạn',
  'dossierStats.col.onTime': 'Đúng hạn',
  'dossierStats.col.late': 'Quá hạn',
  'dossierStats.col.within': 'Trong hạn',
  'dossierStats.col.overdue': 'Quá hạn',
  'dossierStats.col.rate': 'Tỷ lệ đúng và trước hạn',
  'dossierStats.totals': 'Tổng cộng',
  'dossierStats.empty': 'Không có hồ sơ nào trong kỳ và phạm vi đã chọn.',
  'dossierStats.i766': 'Chỉ số Quyết định 766/QĐ-TTg: nhóm 2 (tiến độ, kết quả) và chỉ số 5.4 (hài lòng)',
  'dossierStats.i766.rate': '2.1 Tỷ lệ hồ sơ giải quyết đúng hạn',
  'dossierStats.i766.rateValue': '{rate} ({part} trên {whole} hồ sơ đã và đang giải quyết)',
  'dossierStats.i766.avg': '2.2 Thời gian giải quyết trung bình',
  'dossierStats.i766.avgValue': '{working} ngày làm việc ({calendar} ngày theo lịch) trên {count} hồ sơ đã giải quyết',
  'dossierStats.i766.satisfaction': '5.4 Mức độ hài lòng về giải quyết thủ tục',
  'dossierStats.i766.satisfactionValue': '{rate} (100% trừ {late} hồ sơ quá hạn và {disliked} đánh giá không hài lòng, trên {done} hồ sơ; {rated} lượt đánh giá)',
  'dossierStats.i766.note':
    'Đúng hạn theo 766: không quá một lần yêu cầu bổ sung và hoàn thành (hoặc, nếu còn đang giải quyết, đến cuối kỳ) không muộn hơn hạn 766 (hạn đầu cộng thời gian chờ bổ sung).',
  'dossierStats.charts': 'Biểu đồ',
  'dossierStats.chartData': 'Số liệu của biểu đồ',
  'dossierStats.chart.monthly': 'Hồ sơ theo tháng, năm {year}',
  'dossierStats.chart.monthlyDesc':
    'Biểu đồ cột: số hồ sơ mới tiếp nhận và số hồ sơ đã giải quyết của từng tháng (trục trái); đường: số hồ sơ giải quyết quá hạn (trục phải, màu đỏ).',
  'dossierStats.chart.units': 'Hồ sơ đã giải quyết theo đơn vị, {period}',
  'dossierStats.chart.unitsDesc':
    'Biểu đồ thanh ngang: mỗi đơn vị một thanh, phần đúng và trước hạn và phần quá hạn; cuối thanh ghi tỷ lệ đúng và trước hạn.',
  'dossierStats.chart.fields': 'Hồ sơ đã giải quyết theo lĩnh vực, {period}',
  'dossierStats.chart.fieldsDesc': 'Biểu đồ cột chồng: mỗi lĩnh vực một cột, chia trước hạn, đúng hạn và quá hạn.',
  'dossierStats.series.newReceived': 'Mới tiếp nhận',
  'dossierStats.series.done': 'Đã giải quyết',
  'dossierStats.series.late': 'Quá hạn',
  'dossierStats.series.earlyOrOnTime': 'Đúng và trước hạn',
  'dossierStats.orgUnit': 'Đơn vị',
  'dossierStats.monthCol': 'Tháng',
  'dossierStats.err.unit': 'Không tìm thấy đơn vị này',
  'dossierStats.err.field': 'Chọn một lĩnh vực trong danh sách',
  'dossierStats.err.procedure': 'Chọn một thủ tục trong danh sách',
  'dossierStats.level.province': 'Cấp tỉnh',
  'dossierStats.level.district': 'Cấp huyện',
  'dossierStats.level.commune': 'Cấp xã',
  'dossierStats.field.land': 'Đất đai',
  'dossierStats.field.environment': 'Môi trường',
  'dossierStats.field.water': 'Tài nguyên nước',
  'dossierStats.field.minerals': 'Địa chất và khoáng sản',
  'dossierStats.field.surveying': 'Đo đạc và bản đồ',
  'dossierStats.field.hydrometeorology': 'Khí tượng thủy văn',
  'dossierStats.field.general': 'Lĩnh vực khác',
  'dossierStats.allUnits': 'Tất cả đơn vị',
} as const;

type Key = keyof typeof vi;

const en: Record<Key, string> = {
  'nav.dossierStats': 'Dossier statistics',
  'dossierStats.title': 'Administrative procedure dossiers: statistics',
  'dossierStats.filter': 'Choose the period and scope',
  'dossierStats.unit': 'Org unit',
  'dossierStats.field': 'Field',
  'dossierStats.allFields': 'All fields',
  'dossierStats.procedure': 'Procedure',
  'dossierStats.allProcedures': 'All procedures',
  'dossierStats.downloadXlsx': 'Download form 06 (Excel)',
  'dossierStats.formCode': 'Form 06/VPCP/KSTT',
  'dossierStats.formTitle': 'Administrative procedures handled by the agency that decides them: status and results',
  'dossierStats.caption': 'Form 06 — {period} — {unit} (unit: dossiers)',
  'dossierStats.col.no': 'No.',
  'dossierStats.col.label': 'Field and work, by level',
  'dossierStats.col.received': 'Dossiers to handle',
  'dossierStats.col.done': 'Dossiers handled',
  'dossierStats.col.open': 'Dossiers in progress',
  'dossierStats.col.total': 'Total',
  'dossierStats.col.online': 'New, online',
  'dossierStats.col.direct': 'New, at the desk or by post',
  'dossierStats.col.carried': 'From the previous period',
  'dossierStats.col.early': 'Early',
  'dossierStats.col.onTime': 'On time',
  'dossierStats.col.late': 'Late',
  'dossierStats.col.within': 'Within the time limit',
  'dossierStats.col.overdue': 'Overdue',
  'dossierStats.col.rate': 'Early or on time',
  'dossierStats.totals': 'Total',
  'dossierStats.empty': 'No dossiers in the chosen period and scope.',
  'dossierStats.i766': 'Decision 766/QĐ-TTg indicators: group 2 (progress and results) and 5.4 (satisfaction)',
  'dossierStats.i766.rate': '2.1 On-time rate',
  'dossierStats.i766.rateValue': '{rate} ({part} of {whole} dossiers handled or in progress)',
  'dossierStats.i766.avg': '2.2 Average processing time',
  'dossierStats.i766.avgValue': '{working} working days ({calendar} calendar days) over {count} dossiers handled',
  'dossierStats.i766.satisfaction': '5.4 Satisfaction with procedure handling',
  'dossierStats.i766.satisfactionValue': '{rate} (100% minus {late} late dossiers and {disliked} dissatisfied ratings, over {done} dossiers; {rated} ratings)',
  'dossierStats.i766.note':
    'On time under Decision 766: at most one supplement request, and finished (or, still open, at the end of the period) no later than the 766 due instant (first due instant plus the supplement waiting time).',
  'dossierStats.charts': 'Charts',
  'dossierStats.chartData': 'Data of the chart',
  'dossierStats.chart.monthly': 'Dossiers by month, {year}',
  'dossierStats.chart.monthlyDesc':
    'Bars: new dossiers received and dossiers handled each month (left axis); line: dossiers handled late (right axis, red).',
  'dossierStats.chart.units': 'Dossiers handled by org unit, {period}',
  'dossierStats.chart.unitsDesc':
    'Horizontal bars: one per org unit, split into early or on time and late; the on-time rate is written at the end of each bar.',
  'dossierStats.chart.fields': 'Dossiers handled by field, {period}',
  'dossierStats.chart.fieldsDesc': 'Stacked columns: one per field, split into early, on time and late.',
  'dossierStats.series.newReceived': 'New',
  'dossierStats.series.done': 'Handled',
  'dossierStats.series.late': 'Late',
  'dossierStats.series.earlyOrOnTime': 'Early or on time',
  'dossierStats.orgUnit': 'Org unit',
  'dossierStats.monthCol': 'Month',
  'dossierStats.err.unit': 'No org unit has this code',
  'dossierStats.err.field': 'Choose a field from the list',
  'dossierStats.err.procedure': 'Choose a procedure from the list',
  'dossierStats.level.province': 'Province level',
  'dossierStats.level.district': 'District level',
  'dossierStats.level.commune': 'Commune level',
  'dossierStats.field.land': 'Land',
  'dossierStats.field.environment': 'Environment',
  'dossierStats.field.water': 'Water resources',
  'dossierStats.field.minerals': 'Geology and minerals',
  'dossierStats.field.surveying': 'Surveying and mapping',
  'dossierStats.field.hydrometeorology': 'Hydrometeorology',
  'dossierStats.field.general': 'Other fields',
  'dossierStats.allUnits': 'All org units',
};

addMessages({ vi, en });

/** "Cấp tỉnh" / "Province level"; an unknown level is shown as it is stored. */
export function levelLabel(level: Level | string, locale: Locale = 'vi'): string {
  const key = `dossierStats.level.${level}`;
  return key in vi ? translate(locale, key) : level;
}

/** "Đất đai" / "Land"; an unknown field is shown as it is stored. */
export function fieldLabel(field: Field | string, locale: Locale = 'vi'): string {
  const key = `dossierStats.field.${field}`;
  return key in vi ? translate(locale, key) : field;
}

// Shared with the other statistics pages.
export { monthLabel, ROMAN } from '../../core/period.js';
