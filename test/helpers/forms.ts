// What the student add/edit form sends, filled in as a valid student; tests override a field or two.
export function studentFormFields(schoolId: number, fields: Record<string, string> = {}): Record<string, string> {
  return {
    firstName: 'Rosa',
    lastName: 'Delgado',
    preferredName: '',
    districtId: '',
    dateOfBirth: '2018-04-09',
    gradeLevel: '2',
    schoolId: String(schoolId),
    planType: 'iep',
    status: 'active',
    planStart: '',
    annualReviewDue: '',
    reevaluationDue: '',
    reportDate1: '',
    reportDate2: '',
    reportDate3: '',
    reportDate4: '',
    ...fields,
  };
}
