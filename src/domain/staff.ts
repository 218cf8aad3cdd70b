/** The roles of the staff extract, one list for the importer, the router and the jobs. */
export const ROLES = [
  'practitioner',
  'spo',
  'head_of_pdu',
  'iom_lead',
  'iom_central',
  'dip_officer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** A member of staff, as the staff extract describes them. */
export interface StaffMember {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  teamCode: string | null;
  pdu: string | null;
  borough: string | null;
  aadObjectId: string | null;
}

export function hasRole(staff: Pick<StaffMember, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((r) => staff.roles.includes(r));
}
