-- Stored exports are read in slices (substring): kept uncompressed, PostgreSQL fetches a slice's
-- own TOAST chunks only, where a compressed value is decompressed from its start for every slice.
-- Their gzip and brotli forms would not compress further anyway.
ALTER TABLE "stored_exports" ALTER COLUMN "body" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "stored_exports" ALTER COLUMN "gzip" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "stored_exports" ALTER COLUMN "br" SET STORAGE EXTERNAL;
