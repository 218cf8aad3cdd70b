DROP INDEX "cases_crn_idx";--> statement-breakpoint
DROP INDEX "cases_practitioner_name_idx";--> statement-breakpoint
DROP INDEX "custody_crn_idx";--> statement-breakpoint
DROP INDEX "cases_practitioner_fu_idx";--> statement-breakpoint
CREATE INDEX "cases_practitioner_fu_idx" ON "cases" USING btree ("practitioner_email","follow_up_date") WHERE follow_up_date is not null;