import { addMessages, type Locale, t as translate } from '../../core/i18n/index.js';
import { FIELD_LABELS, LEVEL_LABELS } from './model.js';

/**
 * Strings of the inspection statistics: the page, the chart, the XLSX export, the CLI and the labels of the groups.
 * Vietnamese is the source (level and field labels come from model.ts); English beside it.
 */
const vi = {
  'inspectionStats.title': 'Thống kê thanh tra, kiểm tra và xử lý vi phạm',
  'inspectionStats.filter': 'Chọn kỳ, phạm vi và cách nhóm',
  'inspectionStats.unit': 'Đơn vị',
  'inspectionStats.field': 'Lĩnh vực',
  'inspectionStats.allFields': 'Tất cả lĩnh vực',
  'inspectionStats.level': 'Cấp',
  'inspectionStats.allLevels': 'Tất cả các cấp',
  'inspectionStats.groupBy': 'Nhóm theo',
  'inspectionStats.by.level': 'Cấp',
  'inspectionStats.by.field': 'Lĩnh vực',
  'inspectionStats.by.org_unit': 'Đơn vị',
  'inspectionStats.by.month': 'Tháng',
  'inspectionStats.caption': '{period} — {unit}',
  'inspectionStats.col.inspections': 'Cuộc thanh tra, kiểm tra',
  'inspectionStats.col.subjects': 'Đối tượng được thanh tra, kiểm tra',
  'inspectionStats.col.violations': 'Trường hợp vi phạm',
  'inspectionStats.col.decisions': 'Quyết định xử phạt',
  'inspectionStats.col.fines': 'Tiền phạt',
  'inspectionStats.col.collected': 'Đã thu',
  'inspectionStats.totals': 'Tổng cộng',
  'inspectionStats.empty': 'Không có cuộc thanh tra, kiểm tra, quyết định xử phạt hay khoản nộp phạt nào trong kỳ và phạm vi đã chọn.',
  'inspectionStats.review': 'Câu tổng kết cho báo cáo',
  'inspectionStats.reviewHint': 'Viết theo cách báo cáo tổng kết năm của Sở trình bày; mọi con số tính từ hồ sơ trong hệ thống.',
  'inspectionStats.noLevels': 'Chưa có số liệu theo cấp trong kỳ này.',
  'inspectionStats.downloads': 'Tải số liệu',
  'inspectionStats.downloadXlsx': 'Bảng thống kê (Excel)',
  'inspectionStats.downloadJson': 'Số liệu dạng JSON (API)',
  'inspectionStats.definitions':
    'Cuộc thanh tra, kiểm tra: theo ngày quyết định, không tính cuộc đã hủy. Đối tượng: mỗi lượt đối tượng trong các cuộc đó (một đối tượng được thanh tra hai lần tính hai lần). Vi phạm: đối tượng có kết quả vi phạm. Quyết định xử phạt và tiền phạt: theo ngày quyết định. Đã thu: các khoản nộp phạt trong kỳ.',
  'inspectionStats.charts': 'Biểu đồ',
  'inspectionStats.chart.counts': 'Thanh tra, kiểm tra và vi phạm theo {group}, {period}',
  'inspectionStats.chart.countsDesc':
    'Biểu đồ cột: với mỗi nhóm, số cuộc thanh tra, kiểm tra, số lượt đối tượng được thanh tra, kiểm tra, số trường hợp vi phạm và số quyết định xử phạt. Số liệu ở bảng bên dưới.',
  'inspectionStats.chart.money': 'Tiền phạt theo {group}, {period} (triệu đồng)',
  'inspectionStats.chart.moneyDesc': 'Biểu đồ cột: với mỗi nhóm, tổng tiền phạt theo các quyết định xử phạt và số tiền đã thu, tính bằng triệu đồng. Số liệu ở bảng bên dưới.',
  'inspectionStats.err.unit': 'Không tìm thấy đơn vị này',
  'inspectionStats.err.field': 'Chọn một lĩnh vực trong danh sách',
  'inspectionStats.err.level': 'Chọn một cấp trong danh sách',
  'inspectionStats.err.groupBy': 'Chọn cách nhóm trong danh sách',
  'inspectionStats.level.province': LEVEL_LABELS.province,
  'inspectionStats.level.district': LEVEL_LABELS.district,
  'inspectionStats.level.commune': LEVEL_LABELS.commune,
  'inspectionStats.field.environment': FIELD_LABELS.environment,
  'inspectionStats.field.land': FIELD_LABELS.land,
  'inspectionStats.field.water': FIELD_LABELS.water,
  'inspectionStats.field.minerals': FIELD_LABELS.minerals,
  'inspectionStats.field.hydrometeorology': FIELD_LABELS.hydrometeorology,
  'inspectionStats.field.surveying': FIELD_LABELS.surveying,
} as const;

type Key = keyof typeof vi;

const en: Record<Key, string> = {
  'inspectionStats.title': 'Inspections, checks and enforcement: statistics',
  'inspectionStats.filter': 'Choose the period, scope and grouping',
  'inspectionStats.unit': 'Org unit',
  'inspectionStats.field': 'Field',
  'inspectionStats.allFields': 'All fields',
  'inspectionStats.level': 'Level',
  'inspectionStats.allLevels': 'All levels',
  'inspectionStats.groupBy': 'Group by',
  'inspectionStats.by.level': 'Level',
  'inspectionStats.by.field': 'Field',
  'inspectionStats.by.org_unit': 'Org unit',
  'inspectionStats.by.month': 'Month',
  'inspectionStats.caption': '{period} — {unit}',
  'inspectionStats.col.inspections': 'Inspections and checks',
  'inspectionStats.col.subjects': 'Subjects inspected',
  'inspectionStats.col.violations': 'Violations',
  'inspectionStats.col.decisions': 'Penalty decisions',
  'inspectionStats.col.fines': 'Fines imposed',
  'inspectionStats.col.collected': 'Collected',
  'inspectionStats.totals': 'Total',
  'inspectionStats.empty': 'No inspection, penalty decision or payment in the chosen period and scope.',
  'inspectionStats.review': 'Sentences for the report',
  'inspectionStats.reviewHint': 'Worded as the department’s year-end review words them; every figure is computed from the records.',
  'inspectionStats.noLevels': 'No figures by level in this period.',
  'inspectionStats.downloads': 'Download the figures',
  'inspectionStats.downloadXlsx': 'Statistics table (Excel)',
  'inspectionStats.downloadJson': 'Figures as JSON (API)',
  'inspectionStats.definitions':
    'Inspections and checks: by decision date, cancelled ones left out. Subjects: each subject of those inspections (a subject inspected twice counts twice). Violations: subjects whose outcome is a violation. Penalty decisions and fines: by decision date. Collected: fine payments made in the period.',
  'inspectionStats.charts': 'Charts',
  'inspectionStats.chart.counts': 'Inspections and violations by {group}, {period}',
  'inspectionStats.chart.countsDesc':
    'Column chart: for each group, the inspections and checks, the subjects inspected, the violations and the penalty decisions. The figures are in the table below.',
  'inspectionStats.chart.money': 'Fines by {group}, {period} (million VND)',
  'inspectionStats.chart.moneyDesc': 'Column chart: for each group, the fines imposed by penalty decisions and the amount collected, in million VND. The figures are in the table below.',
  'inspectionStats.err.unit': 'No org unit has this code',
  'inspectionStats.err.field': 'Choose a field from the list',
  'inspectionStats.err.level': 'Choose a level from the list',
  'inspectionStats.err.groupBy': 'Choose a grouping from the list',
  'inspectionStats.level.province': 'Province level',
  'inspectionStats.level.district': 'District level',
  'inspectionStats.level.commune': 'Commune level',
  'inspectionStats.field.environment': 'Environment',
  'inspectionStats.field.land': 'Land',
  'inspectionStats.field.water': 'Water resources',
  'inspectionStats.field.minerals': 'Minerals',
  'inspectionStats.field.hydrometeorology': 'Hydrometeorology',
  'inspectionStats.field.surveying': 'Surveying and mapping',
};

addMessages({ vi, en });

/** "Cấp tỉnh" / "Province level"; an unknown level is shown as it is stored. */
export function levelLabel(level: string, locale: Locale = 'vi'): string {
  const key = `inspectionStats.level.${level}`;
  return key in vi ? translate(locale, key) : level;
}

/** "Môi trường" / "Environment"; an unknown field is shown as it is stored. */
export function fieldLabel(field: string, locale: Locale = 'vi'): string {
  const key = `inspectionStats.field.${field}`;
  return key in vi ? translate(locale, key) : field;
}

export { monthLabel, ROMAN } from '../../core/period.js';
