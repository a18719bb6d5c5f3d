CREATE TABLE "review_categories" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_categories_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"min_value" integer DEFAULT 0 NOT NULL,
	"max_value" integer NOT NULL,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "review_categories_weight" CHECK ("review_categories"."weight" >= 1),
	CONSTRAINT "review_categories_scale" CHECK ("review_categories"."max_value" > "review_categories"."min_value")
);
--> statement-breakpoint
CREATE TABLE "review_scores" (
	"review_id" integer NOT NULL,
	"category_id" integer NOT NULL,
	"value" integer NOT NULL,
	CONSTRAINT "review_scores_review_id_category_id_pk" PRIMARY KEY("review_id","category_id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "review_open" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reviews_hidden_until_reviewed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "visible_to_reviewers" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "review_categories" ADD CONSTRAINT "review_categories_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_category_id_review_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."review_categories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_categories_event" ON "review_categories" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "review_scores_category" ON "review_scores" USING btree ("category_id");