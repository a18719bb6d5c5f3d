CREATE TABLE "stored_exports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stored_exports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"program_version" integer NOT NULL,
	"format" text NOT NULL,
	"variant" text NOT NULL,
	"etag" text NOT NULL,
	"body" "bytea" NOT NULL,
	"gzip" "bytea",
	"br" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_exports_format" CHECK ("stored_exports"."format" in ('frab-xml', 'c3voc-json', 'ical', 'csv'))
);
--> statement-breakpoint
ALTER TABLE "stored_exports" ADD CONSTRAINT "stored_exports_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stored_exports_key" ON "stored_exports" USING btree ("event_id","format","variant","program_version");