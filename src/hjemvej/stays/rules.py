"""The stays' rules in plain Python: how many working days a deadline has (the days are
counted by common.dates) and the national-count categories of a discharge destination. No
database here. (The §110 reimbursement and its running year are economics.reimbursement's.)"""

from __future__ import annotations

# ---------------------------------------------------------------- working days (§110 stk. 6)
# The days themselves are counted by common.dates.add_working_days.
NOTIFY_WORKING_DAYS = 3
# The law sets no deadline for the §142 action plan of a shelter resident; the authority's task
# is given this many days so it shows on the worklist (a local practice, not the law).
ACTION_PLAN_DAYS = 30
# A citizen under the youth age (Municipality.youth_age, 25) at a §110 shelter is admitted like
# anyone else, and the acting municipality must offer an alternative (DOMAIN.md §3, issue 15).
# The law sets no deadline; the authority's task gets this many calendar days from the
# admission decision – long enough to find a youth housing place, short enough that the young
# person does not settle at the shelter (a local practice, not the law).
YOUTH_ALTERNATIVE_DAYS = 14

# The alternatives the authority offers a young person instead of the shelter, and the answers.
YOUTH_ALTERNATIVES = [
    ("youth_housing", "Ungebolig (§107)"),
    ("housing_support", "Egen bolig med bostøtte (§85)"),
    ("skaev_bolig", "Skæv bolig eller anden alternativ bolig"),
    ("family_network", "Ophold hos familie eller netværk med støtte"),
    ("other", "Andet alternativ"),
]
YOUTH_ANSWERS = [("accepted", "Tog imod"), ("declined", "Sagde nej tak")]

# ---------------------------------------------------------------- the duties at a discharge
# What a discharge does with the open duties its stay opened (deadlines.Task kinds):
# - "notify" (§110 stk. 6) is KEPT open: the shelter owes the acting municipality the notice
#   within 3 working days of the admission decision, however short the stay. The acting
#   municipality pays for the stay, gets the reimbursement and must learn of it, so a same-day
#   discharge does not end the duty; the task gets a note that the stay has ended.
# - "action_plan" (§142) LAPSES: the duty is the plan for a citizen staying at a §110 shelter; it
#   ends with the stay. The task is closed as lapsed (not done) with the reason. A §141 plan the
#   authority decides to offer afterwards is its own decision, not this stay's deadline.
TASKS_KEPT_AT_DISCHARGE = frozenset({"notify"})
TASKS_LAPSING_AT_DISCHARGE = frozenset({"action_plan"})

# ---------------------------------------------------------------- destinations and the count

# The national homelessness count's situations (VIVE, DOMAIN.md §8), plus "not homeless".
COUNT_CATEGORIES = {
    "not_homeless": "Ikke hjemløs (egen bolig)",
    "rough_sleeping": "Gadesovende (gade, opgang, skur)",
    "night_shelter": "Natvarmestue / akutovernatning",
    "shelter": "Herberg / forsorgshjem",
    "hotel": "Hotel eller vandrehjem pga. hjemløshed",
    "family_friends": "Midlertidigt hos familie eller venner uden kontrakt",
    "transitional": "Overgangsbolig uden permanent kontrakt",
    "prison_release": "Løsladelse fra fængsel inden for en måned uden bolig",
    "hospital_release": "Udskrivning fra hospital eller behandling inden for en måned uden bolig",
    "other": "Andet (kolonihavehus, campingvogn)",
    "unknown": "Ukendt situation",
    "not_counted": "Indgår ikke i tællingen",
}

# destination code -> (Danish label, count category)
DESTINATIONS: dict[str, tuple[str, str]] = {
    "own_home": ("Egen bolig", "not_homeless"),
    "own_home_support": ("Egen bolig med støtte", "not_homeless"),
    "skaev_bolig": ("Skæv bolig", "not_homeless"),
    "other_shelter": ("Andet herberg / forsorgshjem", "shelter"),
    "hospital_treatment": ("Hospital eller behandling", "hospital_release"),
    "prison": ("Fængsel", "prison_release"),
    "family_friends": ("Familie eller venner", "family_friends"),
    "street": ("Gaden", "rough_sleeping"),
    "unknown": ("Ukendt", "unknown"),
    "deceased": ("Død", "not_counted"),
}
# Destinations that are a move into the citizen's own home, with or without support: they start
# the follow-up at 1, 3, 6 and 12 months.
OWN_HOME_DESTINATIONS = frozenset({"own_home", "own_home_support"})

DESTINATION_CHOICES = [(code, label) for code, (label, _) in DESTINATIONS.items()]

# What the citizen does after the stay (DOMAIN.md §7: share attached to work or education),
# recorded at discharge for the yearly outcome report.
OCCUPATION_CHOICES = [
    ("work", "Arbejde"),
    ("education", "Uddannelse"),
    ("none", "Hverken arbejde eller uddannelse"),
    ("unknown", "Ved ikke"),
]
WORK_OR_EDUCATION = frozenset({"work", "education"})


def count_category(destination: str) -> str:
    """The national-count category a discharge destination puts the citizen in."""
    return DESTINATIONS[destination][1]


# A bring-home plan (stays.Placement) whose target date is this near, or passed, is on the
# worklist "Hjemtagning" (front/worklists.py) and counted on the home page.
BRING_HOME_SOON_DAYS = 30
