-- Search that forgives typos and partial words compares trigrams (pg_trgm). PGlite loads the
-- extension's code when it starts (src/db/client.ts); this makes it available.
create extension if not exists pg_trgm;
--> statement-breakpoint
CREATE TABLE "search_words" (
	"event_id" integer NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_words_event_id_word_pk" PRIMARY KEY("event_id","word")
);
--> statement-breakpoint
ALTER TABLE "search_words" ADD CONSTRAINT "search_words_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_words_trigrams" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
-- The words of the talks already there, as refreshTalkSearch writes them (talk-search.queries.ts).
INSERT INTO "search_words" ("event_id", "word")
SELECT DISTINCT t.event_id, lower(w)
FROM "talks" t
CROSS JOIN LATERAL regexp_split_to_table(t.title || ' ' || t.description || ' ' || t.abstract, '[^[:alnum:]]+') w
WHERE length(w) >= 3
UNION
SELECT DISTINCT sp.event_id, lower(w)
FROM "speakers" sp
CROSS JOIN LATERAL regexp_split_to_table(sp.name, '[^[:alnum:]]+') w
WHERE length(w) >= 3;
