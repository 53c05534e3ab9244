"""A VUM assessment with a given overall functional level, for tests of the places that read
the level from the latest assessment (referrals, group composition, Housing First cohorts)."""

import datetime

from hjemvej.plans.models import Assessment, AssessmentTheme, Term


def assess(citizen, level: int | None, *, unit, user, on: datetime.date | None = None):
    """An assessment whose "Aktivitet og deltagelse" themes all carry `level` (None: one theme
    marked as not assessed)."""
    on = on or datetime.date.today()
    assessment = Assessment.objects.create(citizen=citizen, unit=unit, made_by=user, assessed_on=on)
    themes = Term.objects.filter(vocabulary="theme", carries_level=True).order_by("sort_key")[:2]
    level_term = (
        Term.objects.get(vocabulary="functional_level", depth=1, rank=level)
        if level is not None
        else None
    )
    for theme in themes:
        AssessmentTheme.objects.create(assessment=assessment, theme=theme, level=level_term)
    return assessment
