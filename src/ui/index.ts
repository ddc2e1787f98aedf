/**
 * The tnmt UI kit: server-rendered Preact components with GOV.UK Frontend's markup and classes (not its branding).
 * Text props are escaped; only props named `…Html` would take markup (none do yet). See README.md.
 */
export { uiMessages, localeOf } from './messages.js';
export { hrefWith, splitUrl, firstParam, paramsOf, type QueryParams } from './url.js';
export {
  cx,
  safeAttributes,
  describedBy,
  Label,
  Hint,
  ErrorMessage,
  FormGroup,
  type ExtraAttributes,
  type FieldProps,
  type LabelProps,
  type TextSize,
} from './form-parts.js';
export {
  Page,
  renderPage,
  ASSET_URLS,
  THEME_COLOUR,
  type PageProps,
  type PageUser,
  type NavLink,
  type OrgContact,
} from './layout.js';
export { LanguageSwitch, languageHref, type LanguageSwitchProps } from './language-switch.js';
export { ConflictSummary, type ConflictSummaryProps, ErrorSummary, type ErrorSummaryProps, type FieldError } from './error-summary.js';
export { TextInput, widthClass, type TextInputProps, type InputWidth } from './text-input.js';
export { Textarea, type TextareaProps } from './textarea.js';
export { DateInput, type DateInputProps } from './date-input.js';
export { PeriodFields, type PeriodFieldsProps } from './period-fields.js';
export { Select, type SelectProps, type SelectOption } from './select.js';
export { Radios, type RadiosProps, type ChoiceItem, type ChoiceDivider, type ChoiceGroupProps } from './radios.js';
export { Checkboxes, type CheckboxesProps, type CheckboxItem } from './checkboxes.js';
export { FileUpload, formatBytes, type FileUploadProps } from './file-upload.js';
export { Button, ButtonGroup, type ButtonProps } from './button.js';
export { CsrfField, type CsrfFieldProps } from './csrf-field.js';
export { Fieldset, type FieldsetProps } from './fieldset.js';
export { Form, type FormProps } from './form.js';
export { SummaryList, type SummaryListProps, type SummaryRow, type SummaryAction } from './summary-list.js';
export { Table, currentSort, type TableProps, type Column, type SortDirection, type TableEmpty } from './table.js';
export { TableFilter, type TableFilterProps } from './table-filter.js';
export { Pagination, pageItems, type PaginationProps } from './pagination.js';
export { NotificationBanner, type NotificationBannerProps } from './notification-banner.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { Tag, type TagProps, type TagColour } from './tag.js';
export { Panel, type PanelProps } from './panel.js';
export { InsetText, type InsetTextProps } from './inset-text.js';
export { WarningText, type WarningTextProps } from './warning-text.js';
export { Details, type DetailsProps } from './details.js';
export { BackLink, type BackLinkProps } from './back-link.js';
export { Breadcrumbs, type BreadcrumbsProps, type BreadcrumbItem } from './breadcrumbs.js';
export { ProgressIndicator, type ProgressIndicatorProps } from './progress-indicator.js';
