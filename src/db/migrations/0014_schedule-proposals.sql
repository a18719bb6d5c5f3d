CREATE TABLE "schedule_proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "schedule_proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"options" jsonb NOT NULL,
	"requested_by" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stop_requested" boolean DEFAULT false NOT NULL,
	"progress" jsonb,
	"result" jsonb,
	"error" text,
	"decided_at" timestamp with time zone,
	"decision" text,
	CONSTRAINT "schedule_proposals_status" CHECK ("schedule_proposals"."status" in ('running', 'done', 'stopped', 'failed', 'interrupted')),
	CONSTRAINT "schedule_proposals_decision" CHECK ("schedule_proposals"."decision" is null or "schedule_proposals"."decision" in ('applied', 'discarded'))
);
--> statement-breakpoint
ALTER TABLE "schedule_proposals" ADD CONSTRAINT "schedule_proposals_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_proposals" ADD CONSTRAINT "schedule_proposals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_proposals_one_running" ON "schedule_proposals" USING btree ("event_id") WHERE "schedule_proposals"."status" = 'running';--> statement-breakpoint
CREATE INDEX "schedule_proposals_event_started" ON "schedule_proposals" USING btree ("event_id","started_at");