CREATE TABLE "session_types" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_types_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"deadline" timestamp with time zone,
	"max_speakers" integer,
	"is_public" boolean DEFAULT true NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "session_types_duration" CHECK ("session_types"."duration_minutes" between 1 and 1440),
	CONSTRAINT "session_types_max_speakers" CHECK ("session_types"."max_speakers" is null or "session_types"."max_speakers" >= 1)
);
--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "session_type_id" integer;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "session_type_id" integer;--> statement-breakpoint
ALTER TABLE "session_types" ADD CONSTRAINT "session_types_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "session_types_event_slug" ON "session_types" USING btree ("event_id","slug");--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_session_type_id_session_types_id_fk" FOREIGN KEY ("session_type_id") REFERENCES "public"."session_types"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talks" ADD CONSTRAINT "talks_session_type_id_session_types_id_fk" FOREIGN KEY ("session_type_id") REFERENCES "public"."session_types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "talks_session_type" ON "talks" USING btree ("session_type_id");