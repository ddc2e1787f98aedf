import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Metadata of files kept in the file store; the bytes live on disk, addressed by their SHA-256. */
export const storedFiles = pgTable('stored_files', {
  sha256: text('sha256').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** detected from the content, not from the name */
  mediaType: text('media_type').notNull(),
  originalName: text('original_name').notNull(),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
