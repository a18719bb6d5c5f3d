CREATE TABLE "event_days" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_days_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_days_window" CHECK ("event_days"."ends_at" > "event_days"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rooms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"guid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"position" integer NOT NULL,
	CONSTRAINT "rooms_guid_unique" UNIQUE("guid"),
	CONSTRAINT "rooms_capacity" CHECK ("rooms"."capacity" is null or "rooms"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "schedule_releases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "schedule_releases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"version" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"released_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_by" integer,
	"snapshot" jsonb NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_slots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "schedule_slots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"guid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"talk_id" integer,
	"title" text DEFAULT '' NOT NULL,
	"room_id" integer,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedule_slots_guid_unique" UNIQUE("guid"),
	CONSTRAINT "schedule_slots_kind" CHECK ("schedule_slots"."kind" in ('talk', 'break', 'block')),
	CONSTRAINT "schedule_slots_window" CHECK ("schedule_slots"."ends_at" > "schedule_slots"."starts_at"),
	CONSTRAINT "schedule_slots_talk_kind" CHECK (("schedule_slots"."kind" = 'talk') = ("schedule_slots"."talk_id" is not null) and ("schedule_slots"."kind" <> 'talk' or "schedule_slots"."room_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "speaker_availability" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "speaker_availability_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"speaker_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "speaker_availability_window" CHECK ("speaker_availability"."ends_at" > "speaker_availability"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "expected_audience" integer;--> statement-breakpoint
ALTER TABLE "talks" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "event_days" ADD CONSTRAINT "event_days_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_releases" ADD CONSTRAINT "schedule_releases_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_releases" ADD CONSTRAINT "schedule_releases_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_slots" ADD CONSTRAINT "schedule_slots_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_slots" ADD CONSTRAINT "schedule_slots_talk_id_talks_id_fk" FOREIGN KEY ("talk_id") REFERENCES "public"."talks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_slots" ADD CONSTRAINT "schedule_slots_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "speaker_availability" ADD CONSTRAINT "speaker_availability_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_days_event_date" ON "event_days" USING btree ("event_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_event_slug" ON "rooms" USING btree ("event_id","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_releases_event_version" ON "schedule_releases" USING btree ("event_id","version");--> statement-breakpoint
CREATE INDEX "schedule_releases_event_released" ON "schedule_releases" USING btree ("event_id","released_at");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_slots_talk" ON "schedule_slots" USING btree ("talk_id");--> statement-breakpoint
CREATE INDEX "schedule_slots_event_start" ON "schedule_slots" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "speaker_availability_speaker" ON "speaker_availability" USING btree ("speaker_id");