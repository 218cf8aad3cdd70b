CREATE TABLE "retired_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"natural_key" text NOT NULL,
	"record" jsonb NOT NULL,
	"retired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "retired_kind_key_idx" ON "retired_records" USING btree ("kind","natural_key");