CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"staff_email" text,
	"aad_object_id" text,
	"intent" text NOT NULL,
	"scope" text,
	"result_count" integer,
	"conversation_type" text,
	"outcome" text DEFAULT 'answered' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"crn" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"practitioner_email" text NOT NULL,
	"sentence_type" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"rar" boolean DEFAULT false NOT NULL,
	"mappa_category" smallint,
	"mappa_level" smallint,
	"rosh" text,
	"nsd" boolean DEFAULT false NOT NULL,
	"child_protection" boolean DEFAULT false NOT NULL,
	"isc_pilot" boolean DEFAULT false NOT NULL,
	"two_thirds_date" date NOT NULL,
	"follow_up_date" date,
	"exempt" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_refs" (
	"id" serial PRIMARY KEY NOT NULL,
	"aad_object_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"conversation_type" text NOT NULL,
	"tenant_id" text,
	"service_url" text,
	"reference" jsonb NOT NULL,
	"unreachable_at" timestamp with time zone,
	"unreachable_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custody_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"crn" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"practitioner_email" text NOT NULL,
	"prison" text,
	"sentence_type" text NOT NULL,
	"sentence_length" text NOT NULL,
	"custody_start_date" date NOT NULL,
	"crd" date NOT NULL,
	"sexual_offence" boolean DEFAULT false NOT NULL,
	"sex_offender_register" boolean DEFAULT false NOT NULL,
	"violent_offence" boolean DEFAULT false NOT NULL,
	"terrorist_connected" boolean DEFAULT false NOT NULL,
	"category_a" boolean DEFAULT false NOT NULL,
	"civil_prisoner" boolean DEFAULT false NOT NULL,
	"fine_default" boolean DEFAULT false NOT NULL,
	"serving_recall" boolean DEFAULT false NOT NULL,
	"remanded_other_matters" boolean DEFAULT false NOT NULL,
	"nsd" boolean DEFAULT false NOT NULL,
	"further_charge_pending" boolean DEFAULT false NOT NULL,
	"release_plan_risk_increase" boolean DEFAULT false NOT NULL,
	"estate" text DEFAULT 'male' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" serial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"recipient" text NOT NULL,
	"slot" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"detail" text,
	"claimed_by" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dip_breaches" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"crn" text,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"date_of_birth" date,
	"assessment" text NOT NULL,
	"missed_date" date NOT NULL,
	"officer_email" text,
	"outcome" text,
	"outcome_date" date,
	"last_day_to_charge" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "iom_cohort" (
	"id" serial PRIMARY KEY NOT NULL,
	"crn" text NOT NULL,
	"pnc" text,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"borough" text NOT NULL,
	"cohort" text NOT NULL,
	"brag" text NOT NULL,
	"gender" text,
	"ethnicity" text,
	"drug_dependent" boolean DEFAULT false NOT NULL,
	"in_drug_treatment" boolean DEFAULT false NOT NULL,
	"ward" text,
	"in_custody" boolean DEFAULT false NOT NULL,
	"gps_tag" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "iom_return_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"return_id" integer NOT NULL,
	"version" integer NOT NULL,
	"values" jsonb NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"replaced_by" text NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "iom_returns" (
	"id" serial PRIMARY KEY NOT NULL,
	"borough" text NOT NULL,
	"month" date NOT NULL,
	"arrests" integer NOT NULL,
	"home_visits" integer NOT NULL,
	"prison_visits" integer NOT NULL,
	"panel_referrals" integer NOT NULL,
	"judicial_orders" integer NOT NULL,
	"good_news" text,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job" text NOT NULL,
	"slot" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"summary" jsonb
);
--> statement-breakpoint
CREATE TABLE "preferences" (
	"staff_email" text PRIMARY KEY NOT NULL,
	"digests_enabled" boolean DEFAULT true NOT NULL,
	"reminders_enabled" boolean DEFAULT true NOT NULL,
	"digest_time" text,
	"quiet_start" text,
	"quiet_end" text,
	"snooze_until" date,
	"send_empty" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"roles" text[] NOT NULL,
	"team_code" text,
	"pdu" text,
	"borough" text,
	"aad_object_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"code" text PRIMARY KEY NOT NULL,
	"pdu" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "iom_return_history" ADD CONSTRAINT "iom_return_history_return_id_iom_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."iom_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_staff_at_idx" ON "audit_log" USING btree ("staff_email","at");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_natural_uq" ON "cases" USING btree ("crn","sentence_type","start_date");--> statement-breakpoint
CREATE INDEX "cases_crn_idx" ON "cases" USING btree ("crn");--> statement-breakpoint
CREATE INDEX "cases_practitioner_tt_idx" ON "cases" USING btree ("practitioner_email","two_thirds_date");--> statement-breakpoint
CREATE INDEX "cases_practitioner_fu_idx" ON "cases" USING btree ("practitioner_email","follow_up_date");--> statement-breakpoint
CREATE INDEX "cases_practitioner_name_idx" ON "cases" USING btree ("practitioner_email","last_name");--> statement-breakpoint
CREATE UNIQUE INDEX "conv_user_conversation_uq" ON "conversation_refs" USING btree ("aad_object_id","conversation_id");--> statement-breakpoint
CREATE INDEX "conv_user_type_idx" ON "conversation_refs" USING btree ("aad_object_id","conversation_type");--> statement-breakpoint
CREATE UNIQUE INDEX "custody_natural_uq" ON "custody_cases" USING btree ("crn","custody_start_date");--> statement-breakpoint
CREATE INDEX "custody_practitioner_idx" ON "custody_cases" USING btree ("practitioner_email","crd");--> statement-breakpoint
CREATE INDEX "custody_crn_idx" ON "custody_cases" USING btree ("crn");--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_slot_uq" ON "deliveries" USING btree ("job","recipient","slot");--> statement-breakpoint
CREATE INDEX "deliveries_claimed_at_idx" ON "deliveries" USING btree ("claimed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dip_reference_uq" ON "dip_breaches" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "dip_open_ldc_idx" ON "dip_breaches" USING btree ("last_day_to_charge") WHERE outcome is null or outcome = 'circulated_fta';--> statement-breakpoint
CREATE INDEX "dip_officer_idx" ON "dip_breaches" USING btree ("officer_email","last_day_to_charge");--> statement-breakpoint
CREATE UNIQUE INDEX "iom_crn_uq" ON "iom_cohort" USING btree ("crn");--> statement-breakpoint
CREATE INDEX "iom_borough_idx" ON "iom_cohort" USING btree ("borough");--> statement-breakpoint
CREATE INDEX "iom_history_return_idx" ON "iom_return_history" USING btree ("return_id");--> statement-breakpoint
CREATE UNIQUE INDEX "iom_returns_borough_month_uq" ON "iom_returns" USING btree ("borough","month");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_slot_uq" ON "job_runs" USING btree ("job","slot");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_email_uq" ON "staff" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "staff_aad_uq" ON "staff" USING btree ("aad_object_id");--> statement-breakpoint
CREATE INDEX "staff_team_idx" ON "staff" USING btree ("team_code");