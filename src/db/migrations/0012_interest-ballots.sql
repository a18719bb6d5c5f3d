CREATE TABLE "interest_ballot_talks" (
	"ballot_id" integer NOT NULL,
	"talk_id" integer NOT NULL,
	CONSTRAINT "interest_ballot_talks_ballot_id_talk_id_pk" PRIMARY KEY("ballot_id","talk_id")
);
--> statement-breakpoint
CREATE TABLE "interest_ballots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "interest_ballots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"token_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "interest_ballot_open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "interest_ballot_closes_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "expected_attendance" integer;--> statement-breakpoint
ALTER TABLE "interest_ballot_talks" ADD CONSTRAINT "interest_ballot_talks_ballot_id_interest_ballots_id_fk" FOREIGN KEY ("ballot_id") REFERENCES "public"."interest_ballots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interest_ballot_talks" ADD CONSTRAINT "interest_ballot_talks_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interest_ballots" ADD CONSTRAINT "interest_ballots_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interest_ballot_talks_talk" ON "interest_ballot_talks" USING btree ("talk_id");--> statement-breakpoint
CREATE UNIQUE INDEX "interest_ballots_token_hash" ON "interest_ballots" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "interest_ballots_event" ON "interest_ballots" USING btree ("event_id");