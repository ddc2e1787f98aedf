import { describe, expect, it } from 'vitest';
import { translator } from './i18n/index.js';
import { periodFromQuery } from './period.js';

const vi = translator('vi');
const en = translator('en');
const never = async () => {
  throw new Error('the latest year is not needed here');
};

describe('periodFromQuery', () => {
  it('reads a year, a quarter or a month; a blank year is the latest year with records', async () => {
    expect((await periodFromQuery({ year: '2023' }, vi, never)).period).toMatchObject({ kind: 'year', firstDay: '2023-01-01', lastDay: '2023-12-31' });
    expect((await periodFromQuery({ year: ' 2023 ', quarter: '2', month: '' }, vi, never)).period).toMatchObject({ kind: 'quarter', firstDay: '2023-04-01', lastDay: '2023-06-30' });
    expect((await periodFromQuery({ month: '2' }, vi, async () => 2024)).period).toMatchObject({ kind: 'month', firstDay: '2024-02-01', lastDay: '2024-02-29' });
  });

  it('reads a range of days typed as ISO or dd/mm/yyyy', async () => {
    const { period, errors } = await periodFromQuery({ year: '2020', from: '1/2/2023', to: '2023-03-31' }, vi, never);
    expect(errors).toEqual([]);
    expect(period).toMatchObject({ kind: 'custom', firstDay: '2023-02-01', lastDay: '2023-03-31' });
  });

  it('names the field in error, in the translator’s language, and gives no period', async () => {
    const cases: [Parameters<typeof periodFromQuery>[0], { field: string; message: string }[]][] = [
      [{ year: '23' }, [{ field: 'year', message: 'Chọn một năm từ 1900 đến 2100' }]],
      [{ year: '2023', quarter: '5' }, [{ field: 'quarter', message: 'Chọn quý hoặc tháng, không chọn cả hai' }]],
      [{ year: '2023', month: '13' }, [{ field: 'month', message: 'Chọn quý hoặc tháng, không chọn cả hai' }]],
      [{ year: '2023', quarter: '1', month: '2' }, [{ field: 'quarter', message: 'Chọn quý hoặc tháng, không chọn cả hai' }]],
      [{ from: '2023-01-01' }, [{ field: 'to', message: 'Nhập cả ngày bắt đầu và ngày kết thúc' }]],
      [
        { from: '31/02/2023', to: 'hôm nay' },
        [
          { field: 'from', message: 'Nhập ngày theo dạng 31/12/2023' },
          { field: 'to', message: 'Nhập ngày theo dạng 31/12/2023' },
        ],
      ],
      [{ from: '2023-03-01', to: '2023-02-28' }, [{ field: 'to', message: 'Ngày kết thúc phải cùng hoặc sau ngày bắt đầu' }]],
      [{ from: '2000-01-01', to: '2023-12-31' }, [{ field: 'to', message: 'Khoảng thời gian tối đa là 10 năm' }]],
    ];
    for (const [raw, errors] of cases) expect(await periodFromQuery(raw, vi, never), JSON.stringify(raw)).toEqual({ errors });
    expect((await periodFromQuery({ to: '2023-01-01' }, en, never)).errors).toEqual([{ field: 'from', message: 'Enter both the first and the last day' }]);
  });
});
