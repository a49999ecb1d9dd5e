"""Translated names of request categories, refusal grounds, statuses and fee exemptions."""

from flask_babel import lazy_gettext as _l

# Access to information art. 6 items 1-9 (the code's comments in models.NON_RESTRICTABLE), then the rest.
CATEGORY_TITLES = {
    "environment_state": _l("State of the environment, fire safety, the sanitary-epidemiological and radiation "
                            "situation, food safety"),
    "emergency": _l("Emergencies, disasters and natural calamities, their forecasts and consequences"),
    "health": _l("State of health care, sanitation, demography, migration, education, culture, social protection, "
                 "the economy, agriculture, crime"),
    "budget": _l("Forming and spending of the republican and local budgets"),
    "budget_control": _l("Control over the spending of budget funds"),
    "legal_acts": _l("Texts of normative legal acts and their drafts"),
    "rights_violations": _l("Violations of human and citizen rights and freedoms"),
    "holder_violations": _l("Violations of legality by information holders and their officials"),
    "defamation_acts": _l("Legal acts on defamation: the disclosure of information about civil servants and "
                          "politicians"),
    "other": _l("Other environmental information"),
}
GROUND_TITLES = {
    "unidentifiable": _l("The request does not allow the information to be identified"),
    "non_compliant": _l("The request does not meet the requirements of the law"),
    "restricted": _l("Restricted-access information (state, commercial or investigation secret, personal data, "
                     "confidential statistics)"),
    "analysis_pending": _l("A legal assessment or analysis that is not yet completed"),
    "inspection_pending": _l("Before decisions on the results of an inspection"),
    "decision_pending": _l("Before final decisions formed in departmental correspondence or meetings"),
    "foreign_agreement_pending": _l("Before agreement on disclosure of documents of foreign states or international "
                                    "organisations"),
    "anonymous": _l("Anonymous request"),
    "no_substance": _l("The substance of the request is not stated"),
}
EXTENSION_GROUND_TITLES = {
    "several_holders": _l("The information is held by several holders and must be gathered from the others "
                          "(Access to information art. 11)"),
}
COMPLAINT_REASON_TITLES = {
    "refusal": _l("Against a refusal"),
    "missed_deadline": _l("Against a missed deadline"),
    "incomplete": _l("Against an incomplete answer (information withheld)"),
}
STATUS_TITLES = {
    "in_progress": _l("Awaiting the answer"),
    "overdue": _l("Overdue"),
    "answered": _l("Answered on time"),
    "answered_late": _l("Answered late"),
    "refused": _l("Refused"),
    "redirected": _l("Forwarded to another body"),
}
EXEMPTION_TITLES = {
    "war_veterans": _l("Disabled veterans and participants of the Great Patriotic War"),
    "equated_to_veterans": _l("Persons equated to them"),
    "disabled_1_2": _l("Persons with disabilities of groups 1 and 2"),
    "families_disabled_children": _l("Families raising children with disabilities"),
    "chronic_diseases": _l("Persons with severe forms of certain chronic diseases"),
    "pensioners": _l("Pensioners by age"),
    "orphans": _l("Orphans and children left without parental care, up to 29 years"),
    "kandas": _l("Kandas (ethnic Kazakh repatriates)"),
    "disaster_homeless": _l("Persons who lost housing in an environmental disaster or emergency"),
    "large_families": _l("Large families"),
    "families_of_fallen": _l("Families of persons who died on state or public duty"),
    "single_parent_families": _l("Single-parent families"),
}
ANSWER_FORMS = {"electronic": _l("Electronic (by e-mail, free)"), "paper": _l("Paper (by post)")}
