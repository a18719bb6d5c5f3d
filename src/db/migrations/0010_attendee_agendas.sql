CREATE TABLE "attendee_agendas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attendee_agendas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"share_id" text NOT NULL,
	"talk_slugs" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendee_agendas" ADD CONSTRAINT "attendee_agendas_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendee_agendas_token_hash" ON "attendee_agendas" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "attendee_agendas_share_id" ON "attendee_agendas" USING btree ("share_id");