/** Small valid extracts, one per kind, with invented people (no real personal data). */

export const STAFF_CSV = `email,name,role,team,pdu,borough,aad_object_id
Alice.Practitioner@Probation.example,Alice Practitioner,practitioner,N07T1,Camden and Islington,,11111111-1111-1111-1111-111111111111
bob.spo@probation.example,"Bob Senior, SPO",spo;practitioner,N07T1,Camden and Islington,,22222222-2222-2222-2222-222222222222
carol.iom@probation.example,Carol Lead,IOM_Lead,,,Enfield,
dan.dip@probation.example,Dan Officer,dip_officer; admin,N07T2,Enfield and Haringey,,
`;

export const CASES_CSV = `crn,first_name,last_name,practitioner_email,sentence_type,start_date,end_date,rar,mappa_category,mappa_level,rosh,nsd,child_protection,isc_pilot
X123456,Ann,Example,alice.practitioner@probation.example,licence,2025-01-10,2026-01-09,no,,,medium,no,no,no
x234567,Ben,Sample,alice.practitioner@probation.example,community_order,15/01/2025,14/01/2026,yes,,,low,n,N,0
Y345678,Cat,Placeholder,Alice.Practitioner@probation.example,pss,2025-03-01,2025-12-31,,2,1,high,,,
Z456789,Dee,Fictional,bob.spo@probation.example,suspended_sentence_order,2024-06-01,2026-05-31,TRUE,,,Very High,false,true,FALSE
`;

export const CUSTODY_CSV = `crn,first_name,last_name,practitioner_email,prison,sentence_type,sentence_length,custody_start_date,crd,sexual_offence,sex_offender_register,violent_offence,terrorist_connected,category_a,civil_prisoner,fine_default,serving_recall,remanded_other_matters,nsd,further_charge_pending
X123456,Ann,Example,alice.practitioner@probation.example,HMP Pentonville,sds,P18M,2024-01-10,2024-10-09,no,no,no,no,no,no,no,no,no,no,no
Y345678,Cat,Placeholder,alice.practitioner@probation.example,,sds_plus,p4y,01/02/2023,01/06/2025,no,no,yes,no,no,no,no,no,no,no,yes
`;

export const DIP_CSV = `reference,crn,first_name,last_name,date_of_birth,assessment,missed_date,officer_email,outcome,outcome_date
DIP-0001,X123456,Ann,Example,1990-05-01,initial,2025-01-01,dan.dip@probation.example,,
DIP-0002,,Eve,Unknown,,follow_up,31/03/2025,,circulated_fta,2025-04-02
DIP-0003,Z456789,Dee,Fictional,,initial,2025-08-31,dan.dip@probation.example,charged,2025-09-15
`;

export const IOM_CSV = `crn,pnc,first_name,last_name,borough,cohort,brag,gender,ethnicity,drug_dependent,in_drug_treatment,ward,in_custody,gps_tag
X123456,2001/0123456A,Ann,Example,Enfield,fixed,red,Female,White British,yes,no,Edmonton Green,no,knife_crime
Y345678,,Cat,Placeholder,Enfield,flex,Blue,,,no,no,,yes,
Z456789,,Dee,Fictional,Haringey,free,green,Male,,1,1,Tottenham Hale,0,domestic_abuse
`;
