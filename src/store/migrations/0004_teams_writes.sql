CREATE TABLE "action_receipts" (
	"action_id" text PRIMARY KEY NOT NULL,
	"staff_email" text NOT NULL,
	"verb" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_acknowledgements" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"kind" text NOT NULL,
	"due_date" date NOT NULL,
	"status" text NOT NULL,
	"booked_for" date,
	"reason" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dip_outcome_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"outcome" text NOT NULL,
	"outcome_date" date NOT NULL,
	"note" text,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "dip_open_ldc_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "target" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "before" jsonb;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "after" jsonb;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "recorded_outcome" text;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "recorded_outcome_date" date;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "recorded_note" text;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "recorded_by" text;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "recorded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "current_outcome" text GENERATED ALWAYS AS (case when recorded_outcome is not null and (outcome is null or outcome_date is null or recorded_outcome_date is null or outcome_date <= recorded_outcome_date) then recorded_outcome else outcome end) STORED;--> statement-breakpoint
ALTER TABLE "dip_breaches" ADD COLUMN "current_outcome_date" date GENERATED ALWAYS AS (case when recorded_outcome is not null and (outcome is null or outcome_date is null or recorded_outcome_date is null or outcome_date <= recorded_outcome_date) then recorded_outcome_date else outcome_date end) STORED;--> statement-breakpoint
CREATE INDEX "case_ack_case_idx" ON "case_acknowledgements" USING btree ("case_id","kind","id");--> statement-breakpoint
CREATE INDEX "dip_history_reference_idx" ON "dip_outcome_history" USING btree ("reference","id");--> statement-breakpoint
CREATE INDEX "dip_missed_idx" ON "dip_breaches" USING btree ("missed_date");--> statement-breakpoint
CREATE INDEX "dip_open_ldc_idx" ON "dip_breaches" USING btree ("last_day_to_charge") WHERE current_outcome is null or current_outcome in ('arrested', 'circulated_fta', 'engaging');