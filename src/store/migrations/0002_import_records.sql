CREATE TABLE "imports" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text,
	"source" text NOT NULL,
	"imported_by" text,
	"ok" boolean NOT NULL,
	"rows" integer DEFAULT 0 NOT NULL,
	"problems" integer DEFAULT 0 NOT NULL,
	"summary" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "custody_cases" ADD COLUMN "progression_excluded" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "imports_kind_at_idx" ON "imports" USING btree ("kind","imported_at");--> statement-breakpoint
CREATE INDEX "imports_at_idx" ON "imports" USING btree ("imported_at");