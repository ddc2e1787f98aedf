import { describe, expect, test } from 'vitest';
import {
  Button,
  ButtonGroup,
  Checkboxes,
  CsrfField,
  DateInput,
  ErrorSummary,
  Fieldset,
  FileUpload,
  Form,
  Radios,
  Select,
  TextInput,
  Textarea,
  formatBytes,
} from './index.js';
import { attr, en, expectSound, html, tagById, tags, vi } from './testing.js';

describe('TextInput', () => {
  test('label, hint and error are wired to the input by id', () => {
    const out = html(
      <TextInput name="ten" label="Tên tổ chức" hint="Như trên giấy phép" error="Nhập tên tổ chức" value="Công ty A" t={vi} />,
    );
    expect(out).toContain('class="govuk-form-group govuk-form-group--error"');
    expect(out).toContain('<label class="govuk-label" for="ten">Tên tổ chức</label>');
    expect(out).toContain('<div id="ten-hint" class="govuk-hint">Như trên giấy phép</div>');
    expect(out).toContain(
      '<p id="ten-error" class="govuk-error-message"><span class="govuk-visually-hidden">Lỗi:</span> Nhập tên tổ chức</p>',
    );
    const input = tagById(out, 'ten');
    expect(attr(input, 'class')).toBe('govuk-input govuk-input--error');
    expect(attr(input, 'aria-describedby')).toBe('ten-hint ten-error');
    expect(attr(input, 'value')).toBe('Công ty A');
    expect(attr(input, 'type')).toBe('text');
    expectSound(out);
  });

  test('without hint or error there is no aria-describedby and no error class', () => {
    const out = html(<TextInput name="q" id="tim-kiem" label="Tìm" t={vi} />);
    const input = tagById(out, 'tim-kiem');
    expect(attr(input, 'aria-describedby')).toBeUndefined();
    expect(attr(input, 'name')).toBe('q');
    expect(out).toContain('for="tim-kiem"');
    expect(out).not.toContain('--error');
  });

  test('escapes label, hint, error and value', () => {
    const out = html(
      <TextInput
        name="x"
        label={'<script>alert(1)</script>'}
        hint={'<b>hint</b>'}
        error={'<i>err</i>'}
        value={'"><script>alert(2)</script>'}
        t={vi}
      />,
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script>alert(1)&lt;/script>');
    expect(out).toContain('&lt;b>hint&lt;/b>');
    expect(out).toContain('&lt;i>err&lt;/i>');
    expect(attr(tagById(out, 'x'), 'value')).toBe('&quot;>&lt;script>alert(2)&lt;/script>');
  });

  test('type, autocomplete, inputmode, width, prefix/suffix, optional, page heading', () => {
    const out = html(
      <TextInput
        name="phi"
        label="Số tiền phạt"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        spellcheck={false}
        width={10}
        suffix="đồng"
        optional
        isPageHeading
        value={1700000}
        t={vi}
      />,
    );
    const input = tagById(out, 'phi');
    expect(attr(input, 'inputmode')).toBe('numeric');
    expect(attr(input, 'autocomplete')).toBe('off');
    expect(attr(input, 'spellcheck')).toBe('false');
    expect(attr(input, 'class')).toBe('govuk-input govuk-input--width-10');
    expect(attr(input, 'value')).toBe('1700000');
    expect(out).toContain('<div class="govuk-input__suffix" aria-hidden="true">đồng</div>');
    expect(out).toMatch(/<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="phi">Số tiền phạt \(không bắt buộc\)<\/label><\/h1>/);
    expect(attr(tagById(html(<TextInput name="a" label="A" width="one-half" t={vi} />), 'a'), 'class')).toBe(
      'govuk-input govuk-!-width-one-half',
    );
    expect(attr(tagById(html(<TextInput name="e" label="E" type="email" t={vi} />), 'e'), 'type')).toBe('email');
  });

  test('extra attributes pass through; event handlers, style and raw HTML do not', () => {
    const out = html(
      <TextInput
        name="q"
        label="Tìm"
        t={vi}
        attributes={{ 'hx-get': '/tim', 'hx-trigger': 'keyup changed delay:300ms', maxlength: 100, onclick: 'alert(1)', style: 'color:red', dangerouslySetInnerHTML: 'x' }}
      />,
    );
    const input = tagById(out, 'q');
    expect(attr(input, 'hx-get')).toBe('/tim');
    expect(attr(input, 'maxlength')).toBe('100');
    expect(out).not.toMatch(/onclick|style=|dangerously/i);
  });

  test('English error prefix', () => {
    expect(html(<TextInput name="a" label="A" error="Enter a name" t={en} />)).toContain(
      '<span class="govuk-visually-hidden">Error:</span> Enter a name',
    );
  });
});

describe('Textarea', () => {
  test('keeps the typed value (escaped) and wires hint/error', () => {
    const out = html(<Textarea name="noi-dung" label="Nội dung" hint="Tối đa 500 ký tự" error="Quá dài" value={'a</textarea><script>'} rows={3} t={vi} />);
    const ta = tagById(out, 'noi-dung');
    expect(attr(ta, 'class')).toBe('govuk-textarea govuk-textarea--error');
    expect(attr(ta, 'rows')).toBe('3');
    expect(attr(ta, 'aria-describedby')).toBe('noi-dung-hint noi-dung-error');
    expect(out).toContain('>a&lt;/textarea>&lt;script></textarea>');
    expectSound(out);
  });
});

describe('DateInput', () => {
  test('native date input with ISO value and the example hint', () => {
    const out = html(<DateInput name="ngay-cap" label="Ngày cấp" value="2024-01-09" max="2030-12-31" error="Ngày cấp phải là ngày trong quá khứ" t={vi} />);
    const input = tagById(out, 'ngay-cap');
    expect(attr(input, 'type')).toBe('date');
    expect(attr(input, 'value')).toBe('2024-01-09');
    expect(attr(input, 'max')).toBe('2030-12-31');
    expect(attr(input, 'class')).toBe('govuk-input tnmt-date-input govuk-input--error');
    expect(attr(input, 'aria-describedby')).toBe('ngay-cap-hint ngay-cap-error');
    expect(out).toContain('<div id="ngay-cap-hint" class="govuk-hint">Ví dụ: 09/01/2024</div>');
    expectSound(out);
  });

  test('a custom hint comes before the example', () => {
    const out = html(<DateInput name="d" label="D" hint="Ngày ghi trên quyết định." t={en} />);
    expect(out).toContain('>Ngày ghi trên quyết định. For example: 09/01/2024</div>');
    expect(attr(tagById(out, 'd'), 'value')).toBe('');
  });
});

describe('Select', () => {
  const options = [
    { value: 'nuoc', label: 'Tài nguyên nước' },
    { value: 'khoang-san', label: 'Khoáng sản' },
    { value: 'x', label: '<b>x</b>', disabled: true },
  ];
  test('selects the value, optional empty option, error wiring', () => {
    const out = html(<Select name="linh-vuc" label="Lĩnh vực" options={options} value="khoang-san" emptyOption error="Chọn lĩnh vực" t={vi} />);
    expect(out).toContain('<option value>— Chọn —</option>');
    expect(out).toContain('<option value="khoang-san" selected>Khoáng sản</option>');
    expect(out).toContain('<option value="nuoc">Tài nguyên nước</option>');
    expect(out).toContain('<option value="x" disabled>&lt;b>x&lt;/b></option>');
    const select = tagById(out, 'linh-vuc');
    expect(attr(select, 'class')).toBe('govuk-select govuk-select--error');
    expect(attr(select, 'aria-describedby')).toBe('linh-vuc-error');
    expectSound(out);
  });
  test('empty option is selected when there is no value; custom empty text', () => {
    const out = html(<Select name="s" label="S" options={options} emptyOption="Tất cả" t={vi} />);
    expect(out).toContain('<option value selected>Tất cả</option>');
    expect(out.match(/selected/g)).toHaveLength(1);
  });
  test('option groups after the plain options, the value selected inside its group, a fluid width', () => {
    const out = html(
      <Select
        name="thu-tuc"
        label="Thủ tục"
        labelSize="m"
        options={[{ value: 'khac', label: 'Khác' }]}
        groups={[
          { label: 'Đất đai', options: [{ value: '1', label: 'Đăng ký biến động' }] },
          { label: 'Môi trường', options: [{ value: '2', label: 'Giấy phép môi trường' }, { value: '3', label: '<Xả thải>' }] },
        ]}
        value="2"
        emptyOption
        width="full"
        t={vi}
      />,
    );
    expect(out).toContain('<label class="govuk-label govuk-label--m" for="thu-tuc">Thủ tục</label>');
    expect(attr(tagById(out, 'thu-tuc'), 'class')).toBe('govuk-select govuk-!-width-full');
    expect(out).toContain(
      '<option value>— Chọn —</option><option value="khac">Khác</option><optgroup label="Đất đai"><option value="1">Đăng ký biến động</option></optgroup><optgroup label="Môi trường"><option value="2" selected>Giấy phép môi trường</option><option value="3">&lt;Xả thải></option></optgroup>',
    );
    expectSound(out);
  });
});

describe('Radios', () => {
  test('fieldset legend, first id is the name, hint/error on the fieldset, checked value, conditional reveal', () => {
    const out = html(
      <Radios
        name="hinh-thuc"
        legend="Hình thức nộp hồ sơ"
        hint="Chọn một"
        error="Chọn hình thức nộp"
        value="buu-chinh"
        items={[
          { value: 'truc-tiep', label: 'Trực tiếp', hint: 'Tại bộ phận một cửa' },
          { value: 'buu-chinh', label: 'Qua bưu chính', conditional: <p class="govuk-body">Địa chỉ gửi</p> },
          { divider: 'hoặc' },
          { value: 'truc-tuyen', label: 'Trực tuyến', conditional: <p class="govuk-body">Cổng dịch vụ công</p> },
        ]}
        t={vi}
      />,
    );
    expect(out).toContain('class="govuk-form-group govuk-form-group--error"');
    expect(out).toMatch(/<fieldset class="govuk-fieldset" aria-describedby="hinh-thuc-hint hinh-thuc-error"><legend class="govuk-fieldset__legend">Hình thức nộp hồ sơ<\/legend>/);
    const first = tagById(out, 'hinh-thuc');
    expect(attr(first, 'type')).toBe('radio');
    expect(attr(first, 'aria-describedby')).toBe('hinh-thuc-item-hint');
    expect(attr(first, 'checked')).toBeUndefined();
    const second = tagById(out, 'hinh-thuc-2');
    expect(attr(second, 'checked')).toBe('');
    expect(attr(second, 'data-aria-controls')).toBe('conditional-hinh-thuc-2');
    expect(out).toContain('<div class="govuk-radios__conditional" id="conditional-hinh-thuc-2">');
    expect(out).toContain('<div class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-hinh-thuc-3">');
    expect(out).toContain('<div class="govuk-radios__divider">hoặc</div>');
    expect(out).toContain('data-module="govuk-radios"');
    expectSound(out);
  });
  test('inline and small, no fieldset without a legend', () => {
    const out = html(
      <Radios name="co" inline small items={[{ value: 'co', label: 'Có' }, { value: 'khong', label: 'Không' }]} t={vi} />,
    );
    expect(out).toContain('class="govuk-radios govuk-radios--inline govuk-radios--small"');
    expect(out).not.toContain('<fieldset');
  });
});

describe('Checkboxes', () => {
  test('ticks submitted values; exclusive "none" box; fieldset wiring', () => {
    const out = html(
      <Checkboxes
        name="thong-so"
        legend="Thông số vượt quy chuẩn"
        hint="Chọn tất cả thông số phù hợp"
        values={['bod5', 'cod']}
        items={[
          { value: 'bod5', label: 'BOD5' },
          { value: 'cod', label: 'COD' },
          { value: 'tss', label: 'TSS' },
          { divider: 'hoặc' },
          { value: 'khong', label: 'Không có', exclusive: true },
        ]}
        t={vi}
      />,
    );
    expect(attr(tagById(out, 'thong-so'), 'checked')).toBe('');
    expect(attr(tagById(out, 'thong-so-2'), 'checked')).toBe('');
    expect(attr(tagById(out, 'thong-so-3'), 'checked')).toBeUndefined();
    expect(attr(tagById(out, 'thong-so-4'), 'data-behaviour')).toBe('exclusive');
    expect(out).toContain('aria-describedby="thong-so-hint"');
    expect(attr(tagById(out, 'thong-so'), 'aria-describedby')).toBeUndefined();
    expectSound(out);
  });
  test('without a fieldset each box carries the error', () => {
    const out = html(<Checkboxes name="dong-y" error="Bạn cần đồng ý" items={[{ value: 'co', label: 'Tôi đồng ý' }]} t={vi} />);
    expect(attr(tagById(out, 'dong-y'), 'aria-describedby')).toBe('dong-y-error');
    expect(out).toContain('govuk-form-group--error');
    expectSound(out);
  });
});

describe('FileUpload', () => {
  test('accept, multiple, size limit in the hint, error state', () => {
    const out = html(
      <FileUpload name="tep" label="Tệp đính kèm" accept=".pdf,.docx" acceptText="PDF, DOCX" multiple maxSizeBytes={10 * 1024 * 1024} error="Tệp quá lớn" t={vi} />,
    );
    const input = tagById(out, 'tep');
    expect(attr(input, 'type')).toBe('file');
    expect(attr(input, 'accept')).toBe('.pdf,.docx');
    expect(attr(input, 'multiple')).toBe('');
    expect(attr(input, 'class')).toBe('govuk-file-upload govuk-file-upload--error');
    expect(attr(input, 'aria-describedby')).toBe('tep-hint tep-error');
    expect(out).toContain('>Định dạng: PDF, DOCX. Dung lượng tối đa 10 MB.</div>');
    expectSound(out);
  });
  test('formatBytes follows the locale', () => {
    expect(formatBytes(1536 * 1024, 'vi')).toBe('1,5 MB');
    expect(formatBytes(1536 * 1024, 'en')).toBe('1.5 MB');
    expect(formatBytes(500, 'vi')).toBe('500 B');
  });
});

describe('Button, Form, CsrfField, Fieldset', () => {
  test('variants, name/value, link button', () => {
    expect(html(<Button>Lưu</Button>)).toBe('<button type="submit" class="govuk-button" data-module="govuk-button">Lưu</button>');
    const warning = html(
      <Button variant="warning" name="thao-tac" value="xoa" preventDoubleClick>
        Xóa
      </Button>,
    );
    expect(warning).toContain('class="govuk-button govuk-button--warning"');
    expect(warning).toContain('name="thao-tac"');
    expect(warning).toContain('value="xoa"');
    expect(warning).toContain('data-prevent-double-click="true"');
    expect(html(<Button variant="secondary" type="button">Hủy</Button>)).toContain('type="button" class="govuk-button govuk-button--secondary"');
    const link = html(<Button href="/ho-so/moi" isStartButton>{'Bắt đầu <ngay>'}</Button>);
    expect(link).toMatch(/^<a href="\/ho-so\/moi" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">Bắt đầu &lt;ngay><svg/);
    expect(html(<ButtonGroup><Button>A</Button></ButtonGroup>)).toMatch(/^<div class="govuk-button-group">/);
  });

  test('POST form carries the CSRF token; multipart forms carry it in the URL; novalidate', () => {
    const post = html(
      <Form action="/ho-so" csrfToken="abc">
        <Button>Lưu</Button>
      </Form>,
    );
    expect(post).toMatch(/^<form action="\/ho-so" method="post" novalidate><input type="hidden" name="_csrf" value="abc"\/>/);
    const multipart = html(
      <Form action="/ho-so/1/tep?buoc=2" csrfToken="a b" multipart>
        <Button>Tải lên</Button>
      </Form>,
    );
    expect(multipart).toContain('action="/ho-so/1/tep?buoc=2&amp;_csrf=a%20b"');
    expect(multipart).toContain('enctype="multipart/form-data"');
    expect(multipart).not.toContain('name="_csrf"');
    const get = html(
      <Form action="/tim" method="get" csrfToken="abc">
        <span />
      </Form>,
    );
    expect(get).not.toContain('_csrf');
    expect(html(<CsrfField token={'x"y'} />)).toBe('<input type="hidden" name="_csrf" value="x&quot;y"/>');
  });

  test('Fieldset as page heading', () => {
    const out = html(
      <Fieldset legend="Địa chỉ" isPageHeading role="group">
        <TextInput name="duong" label="Đường" t={vi} />
      </Fieldset>,
    );
    expect(out).toMatch(/^<fieldset class="govuk-fieldset" role="group"><legend class="govuk-fieldset__legend govuk-fieldset__legend--l"><h1 class="govuk-fieldset__heading">Địa chỉ<\/h1><\/legend>/);
  });
});

describe('a whole form with errors', () => {
  test('every error summary link reaches its field', () => {
    const out = html(
      <div>
        <ErrorSummary
          errors={[
            { field: 'ten', message: 'Nhập tên' },
            { field: 'ngay', message: 'Nhập ngày' },
            { field: 'loai', message: 'Chọn loại' },
            { field: 'ds', message: 'Chọn ít nhất một' },
          ]}
          t={vi}
        />
        <Form action="/x" csrfToken="t">
          <TextInput name="ten" label="Tên" error="Nhập tên" t={vi} />
          <DateInput name="ngay" label="Ngày" error="Nhập ngày" t={vi} />
          <Radios name="loai" legend="Loại" error="Chọn loại" items={[{ value: 'a', label: 'A' }]} t={vi} />
          <Checkboxes name="ds" legend="Danh sách" error="Chọn ít nhất một" items={[{ value: 'a', label: 'A' }]} t={vi} />
        </Form>
      </div>,
    );
    expect(tags(out, '<a href="#[^"]*"')).toHaveLength(4);
    expectSound(out);
  });
});
