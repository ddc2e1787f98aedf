import { describe, expect, it } from 'vitest';
import { errorOf, sortErrors } from './errors.js';

const errors = [
  { field: 'endsOn', message: 'Ngày kết thúc không được trước ngày bắt đầu' },
  { field: 'other', message: 'Lỗi khác' },
  { field: 'title', message: 'Nhập nội dung' },
  { field: 'endsOn', message: 'Nhập ngày kết thúc' },
];

describe('field errors on a form', () => {
  it('joins the messages of one field, and has none for a field without errors', () => {
    expect(errorOf(errors, 'endsOn')).toBe('Ngày kết thúc không được trước ngày bắt đầu. Nhập ngày kết thúc');
    expect(errorOf(errors, 'title')).toBe('Nhập nội dung');
    expect(errorOf(errors, 'startsOn')).toBeUndefined();
  });

  it('orders the errors as the fields stand on the form, unknown fields last, keeping their order', () => {
    expect(sortErrors(errors, ['title', 'startsOn', 'endsOn']).map((e) => e.message)).toEqual([
      'Nhập nội dung',
      'Ngày kết thúc không được trước ngày bắt đầu',
      'Nhập ngày kết thúc',
      'Lỗi khác',
    ]);
    expect(errors[0]!.field).toBe('endsOn');
  });
});
