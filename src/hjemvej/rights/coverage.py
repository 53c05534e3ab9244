"""Every model that holds a citizen's data, once: what the citizen's export calls it, and what
happens to it when the case has passed its time. A model with a foreign key to Citizen that is
in neither list fails tests/rights/test_export.py, so a new app cannot forget the citizen's
rights. The lists are explicit (no registry in apps.ready())."""

from dataclasses import dataclass

DELETE = "delete"  # the rows go with the case
KEEP = "keep"  # the rows stay for the statistics, tied to the anonymised citizen, free text cleared


@dataclass(frozen=True)
class Part:
    model: str  # "app_label.ModelName"
    title: str  # the heading in the export
    erase: str  # DELETE or KEEP


PARTS: list[Part] = [
    Part("people.Relative", "Pårørende", DELETE),
    Part("people.Consent", "Samtykker", DELETE),
    Part("people.Relationship", "Tilknytninger til kommunen og tilbud", KEEP),
    Part("offers.Referral", "Visitationer", KEEP),
    Part("stays.Stay", "Ophold", KEEP),
    Part("stays.Placement", "Anbringelser i købte tilbud og hjemtagningsplaner", KEEP),
    Part("deadlines.Task", "Opgaver med frist i sagen", KEEP),
    Part("plans.Assessment", "Udredninger og funktionsniveau", DELETE),
    Part("plans.SafetyAssessment", "Signs of Safety-vurderinger (under 18 år)", DELETE),
    Part("plans.Plan", "Planer, mål, delmål og scorer", DELETE),
    Part("courses.Course", "Forløb", KEEP),
    Part("courses.SupportEntry", "Støttetid", KEEP),
    Part("courses.MoveToOwnHome", "Flytning til egen bolig", KEEP),
    Part("courses.FollowUpTask", "Opfølgning efter flytning", KEEP),
    # A place in a Housing First group, with its relapses (drug use): deleted with the case.
    Part("courses.CohortMember", "Pladser i Housing First-grupper og tilbagefald", DELETE),
    # Herning's tracks (health, employment, communities) with their steps: deleted with the case.
    Part("tracks.Track", "Spor: sundhed, beskæftigelse og fællesskaber", DELETE),
    Part("meetings.Meeting", "Møder", DELETE),
    Part("meetings.ContactPreferences", "Påmindelser: dine valg", DELETE),
    Part("meetings.Reminder", "Påmindelser sendt til dig", DELETE),
    Part("post.Letter", "Breve med Digital Post til dig eller om dig", DELETE),
    Part("journal.Note", "Journalnotater", DELETE),
    Part("journal.CitizenMessage", "Dine beskeder", DELETE),
    Part("housing.HousingApplication", "Boligansøgninger og boligtilbud", DELETE),
    Part("housing.Debt", "Gæld og afdragsordninger", DELETE),
    # Income at discharge and a year after counts in the outcome report: kept, anonymised.
    Part("housing.Income", "Indkomst", KEEP),
    Part("access.AccessRequest", "Anmodninger om adgang til din sag", DELETE),
    Part("rights.InsightRequest", "Dine anmodninger om indsigt", DELETE),
    Part("rights.CorrectionRequest", "Dine anmodninger om rettelse", DELETE),
    Part("rights.LegalHold", "Tilbageholdelse af sagen", DELETE),
]

# Models with a foreign key to Citizen that are not a part of the export, and why.
EXCLUDED: dict[str, str] = {
    "access.BreakGlassAccess": (
        "Nødadgange står i loggen over, hvem der har brugt dine oplysninger (uden "
        "medarbejderens navn)."
    ),
    "portal.DemoLogin": "Et login til demoudgaven af Mine sider; ingen oplysninger om dig.",
    "rights.Disposal": "Systemets egen liste over sletninger; den holder ingen oplysninger om dig.",
}

# Erasing a case: models deleted with the case that are not exported themselves.
ERASE_ALSO = {"access.BreakGlassAccess": DELETE, "portal.DemoLogin": DELETE}

# Fields never shown or exported: keys, hashes and internal bookkeeping.
HIDDEN_FIELDS = {
    "id",
    "uuid",
    "citizen",
    "password",
    "password_hash",
    "search_name",
    "version",
    "export_json",
    "export_pdf",
    "hash",
    "prev_hash",
    "worker",
    "provider_ref",
}
