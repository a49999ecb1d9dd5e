"""Translated names of request categories, refusal grounds, statuses and fee exemptions."""

from flask_babel import lazy_gettext as _l

CATEGORY_TITLES = {
    "environment_state": _l("State of the environment"),
    "emergency": _l("Emergencies and natural disasters"),
    "health": _l("Health, sanitation and food safety"),
    "budget": _l("Budget funds and their spending"),
    "legal_acts": _l("Legal acts and their drafts"),
    "rights_violations": _l("Violations of rights and of legality"),
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
