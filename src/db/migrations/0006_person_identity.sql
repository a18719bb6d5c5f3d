DROP INDEX "speakers_event_name_key";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "acronym" text;--> statement-breakpoint
ALTER TABLE "speakers" ADD COLUMN "guid" uuid;--> statement-breakpoint
ALTER TABLE "speakers" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "session_type" text;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "external_id" integer;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "links" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "feedback_url" text;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "recording_licence" text;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "do_not_stream" boolean;--> statement-breakpoint
ALTER TABLE "tracks" ADD COLUMN "color" text;--> statement-breakpoint
CREATE UNIQUE INDEX "speakers_event_guid" ON "speakers" USING btree ("event_id","guid");--> statement-breakpoint
CREATE INDEX "speakers_event_code" ON "speakers" USING btree ("event_id","code");--> statement-breakpoint
CREATE INDEX "speakers_event_name_key" ON "speakers" USING btree ("event_id","name_key");--> statement-breakpoint
-- Speakers' name keys keep the name's case from now on ("Anna" and "anna" are two people).
UPDATE "speakers" SET "name_key" = regexp_replace(regexp_replace(normalize("name", NFKC), '^\s+|\s+$', '', 'g'), '\s+', ' ', 'g');
