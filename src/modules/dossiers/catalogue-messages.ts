import { formatNumber } from '../../core/format/index.js';
import { type Locale, addMessages } from '../../core/i18n/index.js';
import type { Field, Level } from './model.js';
import type { TimeLimitUnit } from './schema.js';

/**
 * Words of the procedure catalogue, in both locales. The Vietnamese labels are also the values written to and read
 * from the XLSX catalogue (catalogue-xlsx.ts), so changing one changes the file layout: keep them stable.
 */
type Labels<K extends string> = Record<K, { vi: string; en: string }>;

export const FIELD_LABELS: Labels<Field> = {
  land: { vi: 'Đất đai', en: 'Land' },
  environment: { vi: 'Môi trường', en: 'Environment' },
  water: { vi: 'Tài nguyên nước', en: 'Water resources' },
  minerals: { vi: 'Địa chất và khoáng sản', en: 'Geology and minerals' },
  surveying: { vi: 'Đo đạc và bản đồ', en: 'Surveying and mapping' },
  hydrometeorology: { vi: 'Khí tượng thủy văn', en: 'Hydrometeorology' },
  general: { vi: 'Tổng hợp', en: 'General' },
};

export const LEVEL_LABELS: Labels<Level> = {
  province: { vi: 'Cấp tỉnh', en: 'Province' },
  district: { vi: 'Cấp huyện', en: 'District' },
  commune: { vi: 'Cấp xã', en: 'Commune' },
};

export const UNIT_LABELS: Labels<TimeLimitUnit> = {
  working_days: { vi: 'ngày làm việc', en: 'working days' },
  working_hours: { vi: 'giờ làm việc', en: 'working hours' },
  calendar_days: { vi: 'ngày', en: 'days' },
  same_day: { vi: 'trong ngày', en: 'same day' },
};

export const STEP_ACTOR_LABELS: Labels<'one_stop' | 'specialist' | 'leader' | 'other_agency'> = {
  one_stop: { vi: 'một cửa', en: 'one-stop desk' },
  specialist: { vi: 'chuyên viên', en: 'officer' },
  leader: { vi: 'lãnh đạo', en: 'leader' },
  other_agency: { vi: 'cơ quan khác', en: 'other agency' },
};

export const DOCUMENT_FORM_LABELS: Labels<'original' | 'copy' | 'original_or_copy'> = {
  original: { vi: 'bản chính', en: 'original' },
  copy: { vi: 'bản sao', en: 'copy' },
  original_or_copy: { vi: 'bản chính hoặc bản sao', en: 'original or copy' },
};

/** Label of a code in a label table, or the code itself when it is not in the table. */
export function labelOf<K extends string>(labels: Labels<K>, key: string, locale: Locale): string {
  return (labels as Record<string, { vi: string; en: string }>)[key]?.[locale] ?? key;
}

/** `20 ngày làm việc`, `0,5 ngày làm việc`, `Trong ngày`; en `20 working days`, `1 working day`, `Same day`. */
export function formatTimeLimit(value: number, unit: string, locale: Locale = 'vi'): string {
  if (unit === 'same_day') return locale === 'vi' ? 'Trong ngày' : 'Same day';
  let label = labelOf(UNIT_LABELS, unit, locale);
  if (locale === 'en' && value === 1) label = label.replace(/s$/, '');
  return `${formatNumber(value, undefined, locale)} ${label}`;
}

addMessages({
  vi: {
    'catalogue.title': 'Danh mục thủ tục hành chính',
    'catalogue.asOf': 'Hiệu lực tại ngày',
    'catalogue.field': 'Lĩnh vực',
    'catalogue.level': 'Cấp thực hiện',
    'catalogue.search': 'Tìm theo tên hoặc mã',
    'catalogue.searchHint': 'Gõ có dấu hoặc không dấu, ví dụ "dat dai"',
    'catalogue.all': 'Tất cả',
    'catalogue.count': '{count} thủ tục có hiệu lực ngày {date}',
    'catalogue.code': 'Mã thủ tục',
    'catalogue.name': 'Tên thủ tục',
    'catalogue.timeLimit': 'Thời hạn giải quyết',
    'catalogue.fee': 'Phí, lệ phí',
    'catalogue.feeNote': 'Ghi chú về phí',
    'catalogue.handlingUnit': 'Đơn vị giải quyết',
    'catalogue.eachUnit': 'Đơn vị cấp {level} nơi có hồ sơ',
    'catalogue.difficultArea': 'Cộng thêm ở xã vùng khó khăn',
    'catalogue.difficultAreaValue': '{days} ngày',
    'catalogue.legalBasis': 'Căn cứ pháp lý',
    'catalogue.validity': 'Hiệu lực',
    'catalogue.validFrom': 'Hiệu lực từ',
    'catalogue.validTo': 'Hết hiệu lực',
    'catalogue.open': 'Đang hiệu lực',
    'catalogue.documents': 'Thành phần hồ sơ',
    'catalogue.documentName': 'Giấy tờ',
    'catalogue.documentForm': 'Loại bản',
    'catalogue.quantity': 'Số lượng',
    'catalogue.steps': 'Quy trình nội bộ',
    'catalogue.stepNo': 'Bước',
    'catalogue.stepName': 'Công việc',
    'catalogue.stepActor': 'Người thực hiện',
    'catalogue.stepLimit': 'Thời hạn',
    'catalogue.stepsTotal': 'Tổng thời hạn các bước: {total}',
    'catalogue.versions': 'Các phiên bản của mã {code}',
    'catalogue.current': 'Phiên bản đang xem',
    'catalogue.download': 'Tải danh mục (XLSX)',
    'catalogue.import': 'Nhập danh mục từ tệp XLSX',
    'catalogue.importLead':
      'Tải lên tệp có cùng cấu trúc với tệp tải về. Dòng không thay đổi được bỏ qua; dòng thay đổi tạo phiên bản mới từ ngày ở cột "Hiệu lực từ" (phải sau ngày của phiên bản hiện hành). Nếu có dòng bị lỗi thì không dòng nào được nhập.',
    'catalogue.file': 'Tệp danh mục',
    'catalogue.fileMissing': 'Chọn tệp XLSX danh mục thủ tục',
    'catalogue.upload': 'Nhập',
    'catalogue.rejectedTitle': 'Không nhập được: {count} lỗi',
    'catalogue.rejectedLead': 'Sửa các dòng dưới đây rồi tải tệp lên lại. Chưa có thay đổi nào được lưu.',
    'catalogue.row': 'Dòng',
    'catalogue.column': 'Trường',
    'catalogue.problem': 'Lỗi',
    'catalogue.imported': 'Đã nhập danh mục: {created} phiên bản mới, {unchanged} thủ tục không thay đổi.',
    'catalogue.none': 'Không có thủ tục nào khớp với bộ lọc',
  },
  en: {
    'catalogue.title': 'Catalogue of administrative procedures',
    'catalogue.asOf': 'In force on',
    'catalogue.field': 'Field',
    'catalogue.level': 'Level',
    'catalogue.search': 'Search by name or code',
    'catalogue.searchHint': 'With or without diacritics, e.g. "dat dai"',
    'catalogue.all': 'All',
    'catalogue.count': '{count} procedures in force on {date}',
    'catalogue.code': 'Code',
    'catalogue.name': 'Procedure',
    'catalogue.timeLimit': 'Time limit',
    'catalogue.fee': 'Fees and charges',
    'catalogue.feeNote': 'Fee note',
    'catalogue.handlingUnit': 'Handled by',
    'catalogue.eachUnit': 'The {level} office where the dossier is lodged',
    'catalogue.difficultArea': 'Extra in difficult communes',
    'catalogue.difficultAreaValue': '{days} days',
    'catalogue.legalBasis': 'Legal basis',
    'catalogue.validity': 'In force',
    'catalogue.validFrom': 'In force from',
    'catalogue.validTo': 'In force until',
    'catalogue.open': 'In force',
    'catalogue.documents': 'Required documents',
    'catalogue.documentName': 'Document',
    'catalogue.documentForm': 'Form',
    'catalogue.quantity': 'Quantity',
    'catalogue.steps': 'Internal procedure',
    'catalogue.stepNo': 'Step',
    'catalogue.stepName': 'Task',
    'catalogue.stepActor': 'Done by',
    'catalogue.stepLimit': 'Time limit',
    'catalogue.stepsTotal': 'Total of the steps: {total}',
    'catalogue.versions': 'Versions of code {code}',
    'catalogue.current': 'Version shown',
    'catalogue.download': 'Download the catalogue (XLSX)',
    'catalogue.import': 'Import the catalogue from an XLSX file',
    'catalogue.importLead':
      'Upload a file laid out like the downloaded one. Unchanged rows are skipped; a changed row creates a new version from the date in the "Hiệu lực từ" column (after the current version’s date). If any row has an error, nothing is imported.',
    'catalogue.file': 'Catalogue file',
    'catalogue.fileMissing': 'Choose the XLSX catalogue file',
    'catalogue.upload': 'Import',
    'catalogue.rejectedTitle': 'Not imported: {count} errors',
    'catalogue.rejectedLead': 'Correct the rows below and upload the file again. Nothing has been saved.',
    'catalogue.row': 'Row',
    'catalogue.column': 'Field',
    'catalogue.problem': 'Problem',
    'catalogue.imported': 'Catalogue imported: {created} new versions, {unchanged} procedures unchanged.',
    'catalogue.none': 'No procedure matches the filter',
  },
});
