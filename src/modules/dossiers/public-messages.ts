import { addMessages, type Locale, t } from '../../core/i18n/index.js';
import type { DossierEventKind } from './model.js';

/*
 * Words of the public pages (lookup, rating, kiosk) and the names the public sees for statuses and events.
 * The printed forms (documents.tsx) are legal documents and always in Vietnamese; they use `statusName(…, 'vi')`.
 */

/** National status names (de-facto national enum, research §1.7), by code 1–10. */
const STATUS_NAMES: Record<Locale, Record<number, string>> = {
  vi: {
    1: 'Mới đăng ký',
    2: 'Được tiếp nhận',
    3: 'Không được tiếp nhận',
    4: 'Đang xử lý',
    5: 'Yêu cầu bổ sung giấy tờ',
    6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    7: 'Công dân yêu cầu rút hồ sơ',
    8: 'Dừng xử lý',
    9: 'Đã xử lý xong',
    10: 'Đã trả kết quả',
  },
  en: {
    1: 'Registered',
    2: 'Received',
    3: 'Not received',
    4: 'In progress',
    5: 'Supplement requested',
    6: 'Financial obligation requested',
    7: 'Withdrawn by the applicant',
    8: 'Processing stopped',
    9: 'Processed',
    10: 'Result returned',
  },
};

/** What the public timeline calls each event (no actor, no note). */
const EVENT_NAMES: Record<Locale, Partial<Record<DossierEventKind, string>>> = {
  vi: {
    received: 'Tiếp nhận hồ sơ',
    transferred: 'Chuyển xử lý',
    assigned: 'Phân công xử lý',
    supplement_requested: 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
    supplement_supplied: 'Đã nhận hồ sơ bổ sung',
    paused: 'Tạm dừng xử lý',
    resumed: 'Tiếp tục xử lý',
    extended: 'Xin lỗi và hẹn lại ngày trả kết quả',
    refused: 'Từ chối giải quyết',
    withdrawn: 'Rút hồ sơ',
    result_ready: 'Có kết quả giải quyết',
    result_returned: 'Đã trả kết quả',
    fee_paid: 'Đã nộp phí, lệ phí',
  },
  en: {
    received: 'Dossier received',
    transferred: 'Sent for processing',
    assigned: 'Assigned',
    supplement_requested: 'Supplement requested',
    supplement_supplied: 'Supplement received',
    paused: 'Processing paused',
    resumed: 'Processing resumed',
    extended: 'Apology and new appointment',
    refused: 'Refused',
    withdrawn: 'Withdrawn',
    result_ready: 'Result ready',
    result_returned: 'Result returned',
    fee_paid: 'Fee paid',
  },
};

export function statusName(status: number, locale: Locale = 'vi'): string {
  return STATUS_NAMES[locale][status] ?? STATUS_NAMES.vi[status] ?? String(status);
}

export function eventName(kind: string, locale: Locale = 'vi'): string {
  return EVENT_NAMES[locale][kind as DossierEventKind] ?? EVENT_NAMES.vi[kind as DossierEventKind] ?? kind;
}

/** Satisfaction scores 1–5 and their words (Decision 766 group 5.4). */
export const SCORES = [1, 2, 3, 4, 5] as const;
export function scoreName(score: number, locale: Locale = 'vi'): string {
  return t(locale, `dossierPublic.score.${score}`);
}

addMessages({
  vi: {
    'dossierPublic.lookup.title': 'Tra cứu hồ sơ',
    'dossierPublic.lookup.lead':
      'Nhập mã hồ sơ ghi trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, và 4 số cuối của số điện thoại đã đăng ký khi nộp hồ sơ.',
    'dossierPublic.code': 'Mã hồ sơ',
    'dossierPublic.code.hint': 'Ví dụ 000.00.21.H54-240315-0007',
    'dossierPublic.phone4': '4 số cuối số điện thoại',
    'dossierPublic.phone4.hint': 'Số điện thoại đã ghi trên giấy tiếp nhận, ví dụ 0912 345 678 thì nhập 5678',
    'dossierPublic.lookup.submit': 'Tra cứu',
    'dossierPublic.required.code': 'Nhập mã hồ sơ',
    'dossierPublic.invalid.code': 'Mã hồ sơ không quá 40 ký tự',
    'dossierPublic.required.phone4': 'Nhập 4 số cuối số điện thoại',
    'dossierPublic.invalid.phone4': '4 số cuối số điện thoại phải gồm đúng 4 chữ số, ví dụ 5678',
    'dossierPublic.notFound':
      'Không tìm thấy hồ sơ với mã và số điện thoại này. Kiểm tra lại mã hồ sơ trên giấy tiếp nhận và 4 số cuối số điện thoại đã đăng ký.',
    'dossierPublic.result.title': 'Hồ sơ {code}',
    'dossierPublic.procedure': 'Thủ tục',
    'dossierPublic.agency': 'Cơ quan giải quyết',
    'dossierPublic.status': 'Tình trạng',
    'dossierPublic.receivedAt': 'Ngày tiếp nhận',
    'dossierPublic.dueAt': 'Ngày hẹn trả kết quả',
    'dossierPublic.extendedDueAt': 'Ngày hẹn lại trả kết quả',
    'dossierPublic.extendedNote': 'đã gia hạn, thay cho ngày hẹn {date}',
    'dossierPublic.finishedAt': 'Ngày có kết quả',
    'dossierPublic.returnedAt': 'Ngày trả kết quả',
    'dossierPublic.missing.title': 'Hồ sơ cần bổ sung',
    'dossierPublic.missing.lead': 'Cơ quan giải quyết đề nghị ông/bà bổ sung, hoàn thiện các giấy tờ sau:',
    'dossierPublic.missing.after': 'Mang hoặc gửi các giấy tờ này đến nơi đã nộp hồ sơ. Thời hạn giải quyết được tính lại từ đầu khi nhận đủ hồ sơ.',
    'dossierPublic.timeline': 'Quá trình giải quyết',
    'dossierPublic.timeline.when': 'Thời gian',
    'dossierPublic.timeline.what': 'Nội dung',
    'dossierPublic.rateLink': 'Đánh giá mức độ hài lòng',
    'dossierPublic.returnedNote': 'Hồ sơ đã trả kết quả. Mời ông/bà cho biết mức độ hài lòng với việc giải quyết hồ sơ:',
    'dossierPublic.privacy': 'Trang này không hiển thị thông tin cá nhân của người nộp hồ sơ.',
    'dossierPublic.rate.title': 'Đánh giá mức độ hài lòng',
    'dossierPublic.rate.lead':
      'Sau khi nhận kết quả, ông/bà đánh giá việc giải quyết hồ sơ. Mỗi hồ sơ được đánh giá một lần. Ý kiến của ông/bà giúp cơ quan phục vụ tốt hơn.',
    'dossierPublic.rate.score': 'Ông/bà hài lòng thế nào với việc giải quyết hồ sơ?',
    'dossierPublic.rate.comment': 'Góp ý',
    'dossierPublic.rate.commentHint': 'Không quá 1.000 ký tự. Không ghi số điện thoại, số căn cước hay thông tin cá nhân.',
    'dossierPublic.rate.submit': 'Gửi đánh giá',
    'dossierPublic.rate.required.score': 'Chọn mức độ hài lòng',
    'dossierPublic.rate.commentTooLong': 'Góp ý không được dài quá 1.000 ký tự (hiện có {count} ký tự)',
    'dossierPublic.rate.notReturned': 'Hồ sơ chưa trả kết quả. Ông/bà đánh giá sau khi nhận kết quả giải quyết hồ sơ.',
    'dossierPublic.rate.already': 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.',
    'dossierPublic.rate.thanks.title': 'Cảm ơn ông/bà đã đánh giá',
    'dossierPublic.rate.thanks.body': 'Đánh giá của ông/bà đã được ghi nhận.',
    'dossierPublic.rate.thanks.again': 'Tra cứu hồ sơ khác',
    'dossierPublic.kiosk.title': 'Đánh giá mức độ hài lòng',
    'dossierPublic.kiosk.lead': 'Nhập mã hồ sơ và 4 số cuối số điện thoại, rồi chạm vào một nút để đánh giá.',
    'dossierPublic.kiosk.back': 'Màn hình sẽ trở về trang đánh giá sau 5 giây.',
    'dossierPublic.kiosk.backNow': 'Trở về ngay',
    'dossierPublic.score.1': 'Rất không hài lòng',
    'dossierPublic.score.2': 'Không hài lòng',
    'dossierPublic.score.3': 'Bình thường',
    'dossierPublic.score.4': 'Hài lòng',
    'dossierPublic.score.5': 'Rất hài lòng',
  },
  en: {
    'dossierPublic.lookup.title': 'Track a dossier',
    'dossierPublic.lookup.lead':
      'Enter the dossier code printed on the receipt and the last 4 digits of the phone number given when the dossier was submitted.',
    'dossierPublic.code': 'Dossier code',
    'dossierPublic.code.hint': 'For example 000.00.21.H54-240315-0007',
    'dossierPublic.phone4': 'Last 4 digits of the phone number',
    'dossierPublic.phone4.hint': 'The number on the receipt: for 0912 345 678 enter 5678',
    'dossierPublic.lookup.submit': 'Look up',
    'dossierPublic.required.code': 'Enter the dossier code',
    'dossierPublic.invalid.code': 'The dossier code has at most 40 characters',
    'dossierPublic.required.phone4': 'Enter the last 4 digits of the phone number',
    'dossierPublic.invalid.phone4': 'The last 4 digits of the phone number must be exactly 4 digits, like 5678',
    'dossierPublic.notFound':
      'No dossier was found with this code and phone number. Check the code on the receipt and the last 4 digits of the phone number you gave.',
    'dossierPublic.result.title': 'Dossier {code}',
    'dossierPublic.procedure': 'Procedure',
    'dossierPublic.agency': 'Handled by',
    'dossierPublic.status': 'Status',
    'dossierPublic.receivedAt': 'Received',
    'dossierPublic.dueAt': 'Result due',
    'dossierPublic.extendedDueAt': 'New result date',
    'dossierPublic.extendedNote': 'extended, instead of {date}',
    'dossierPublic.finishedAt': 'Result ready',
    'dossierPublic.returnedAt': 'Result returned',
    'dossierPublic.missing.title': 'Documents to supply',
    'dossierPublic.missing.lead': 'The office asks you to supply or complete the following:',
    'dossierPublic.missing.after': 'Bring or send them to where you submitted the dossier. The time limit starts again once the dossier is complete.',
    'dossierPublic.timeline': 'History',
    'dossierPublic.timeline.when': 'When',
    'dossierPublic.timeline.what': 'What happened',
    'dossierPublic.rateLink': 'Rate the service',
    'dossierPublic.returnedNote': 'The result has been returned. Tell us how satisfied you are:',
    'dossierPublic.privacy': 'This page shows no personal data of the applicant.',
    'dossierPublic.rate.title': 'Rate the service',
    'dossierPublic.rate.lead': 'Once you have the result, rate how your dossier was handled. Each dossier can be rated once.',
    'dossierPublic.rate.score': 'How satisfied are you with how your dossier was handled?',
    'dossierPublic.rate.comment': 'Comment',
    'dossierPublic.rate.commentHint': 'At most 1,000 characters. Do not write phone numbers, ID numbers or other personal data.',
    'dossierPublic.rate.submit': 'Send rating',
    'dossierPublic.rate.required.score': 'Choose how satisfied you are',
    'dossierPublic.rate.commentTooLong': 'The comment must be at most 1,000 characters (it has {count})',
    'dossierPublic.rate.notReturned': 'The result of this dossier has not been returned yet. Rate it after you receive the result.',
    'dossierPublic.rate.already': 'This dossier has already been rated. Each dossier can be rated once.',
    'dossierPublic.rate.thanks.title': 'Thank you for your rating',
    'dossierPublic.rate.thanks.body': 'Your rating has been recorded.',
    'dossierPublic.rate.thanks.again': 'Track another dossier',
    'dossierPublic.kiosk.title': 'Rate the service',
    'dossierPublic.kiosk.lead': 'Enter the dossier code and the last 4 digits of your phone number, then touch a button.',
    'dossierPublic.kiosk.back': 'The screen returns to the rating page in 5 seconds.',
    'dossierPublic.kiosk.backNow': 'Back now',
    'dossierPublic.score.1': 'Very dissatisfied',
    'dossierPublic.score.2': 'Dissatisfied',
    'dossierPublic.score.3': 'Neutral',
    'dossierPublic.score.4': 'Satisfied',
    'dossierPublic.score.5': 'Very satisfied',
  },
});
