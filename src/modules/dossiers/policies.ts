import { type Policies, ROLES, registerPolicies } from '../../core/access.js';

/** Who may do what with dossiers. Scoped actions need the dossier's org unit in the user's scope. */
export const dossierPolicies = {
  'procedure.read': { roles: ROLES, reach: 'global', description: 'Xem danh mục thủ tục hành chính' },
  'procedure.manage': { roles: ['admin'], reach: 'global', description: 'Sửa, nhập, xuất danh mục thủ tục' },
  'dossier.read': { roles: ['leader', 'officer', 'clerk', 'viewer'], description: 'Xem hồ sơ trong phạm vi đơn vị' },
  'dossier.receive': { roles: ['clerk'], description: 'Tiếp nhận hồ sơ tại bộ phận một cửa' },
  'dossier.process': { roles: ['officer', 'leader'], description: 'Xử lý hồ sơ: chuyển, phân công, yêu cầu bổ sung, tạm dừng, kết quả' },
  'dossier.extend': { roles: ['leader'], description: 'Gia hạn hồ sơ (phiếu xin lỗi và hẹn lại ngày trả)' },
  'dossier.return': { roles: ['clerk'], description: 'Trả kết quả, thu phí, ghi nhận bổ sung tại một cửa' },
  'dossier.stats': { roles: ['leader', 'officer', 'clerk', 'viewer'], description: 'Xem thống kê giải quyết hồ sơ (Biểu 06, Quyết định 766)' },
  'dossier.import': { roles: ['admin'], description: 'Nhập hồ sơ từ hệ thống một cửa khác' },
} satisfies Policies;

registerPolicies(dossierPolicies);
