import { type Policies, ROLES, registerPolicies } from '../../core/access.js';

/**
 * Who may do what in inspections and enforcement. Scoped actions need the record's org unit (the unit running the
 * inspection, the deciding unit) in the user's scope: an inspector of Thanh tra Sở writes Thanh tra Sở's
 * inspections, an inspector of Phòng TN&MT Mỹ Xuyên those of Mỹ Xuyên; the department's leaders read every unit's.
 * Subjects are one registry shared by every unit (reach global); their history pages show only in-scope records.
 */
export const inspectionPolicies = {
  'inspection.read': { roles: ['leader', 'inspector', 'officer', 'viewer'], description: 'Xem cuộc thanh tra, kiểm tra, vi phạm, quyết định xử phạt trong phạm vi đơn vị' },
  'inspection.write': { roles: ['inspector'], description: 'Lập, cập nhật cuộc thanh tra, kiểm tra; ghi nhận vi phạm, quyết định xử phạt, nộp phạt, khắc phục' },
  'inspection.stats': { roles: ['leader', 'inspector', 'officer', 'viewer'], description: 'Xem thống kê thanh tra, kiểm tra, xử lý vi phạm' },
  'subject.read': { roles: ['leader', 'inspector', 'officer', 'viewer'], reach: 'global', description: 'Xem danh sách đối tượng, cơ sở và lịch sử tuân thủ' },
  'subject.write': { roles: ['inspector'], reach: 'global', description: 'Thêm, sửa đối tượng thanh tra và cơ sở' },
  'subject.merge': { roles: ['admin'], reach: 'global', description: 'Gộp đối tượng trùng lặp' },
  'provision.read': { roles: ROLES, reach: 'global', description: 'Xem danh mục hành vi vi phạm và khung phạt' },
  'provision.manage': { roles: ['admin'], reach: 'global', description: 'Thêm phiên bản, kết thúc hiệu lực hành vi vi phạm' },
} satisfies Policies;

registerPolicies(inspectionPolicies);
