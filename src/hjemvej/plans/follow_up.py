"""A goal's yearly follow-up date, stored on the goal (Goal.follow_up_due_on) so that the
follow-up worklist on the home page finds the goals due with an index instead of reading every
score of the caseload at each view (issue 13).

`store_goal_follow_ups` is the only writer of the column, and the date is the rule's:
rules.goal_follow_up_due over the plan's start or last follow-up and the goal's latest score.
The models call it when a plan's start or follow-up, a goal or a score is saved
(plans.models), the migration that added the column backfilled it with it, and the national
test data generator (demo/generate.py) uses the rule directly on the rows it writes."""

from django.db.models import Max, QuerySet

from hjemvej.plans import rules

BATCH = 2000


def store_goal_follow_ups(goals: QuerySet) -> int:
    """Recompute and store the follow-up date of the given goals (a Goal queryset, also of a
    migration's historical model); returns how many changed. One grouped query, and the
    changed rows written in batches."""
    model = goals.model
    # The goals as a subquery of ids: a given filter through the scores or sub-goals (a
    # score's goal) would otherwise narrow the latest score to that join's rows.
    goals = model._default_manager.filter(pk__in=goals.values("pk"))
    changed = []
    for goal_id, starts_on, followed_on, stored, last_scored in (
        goals.order_by()
        .values_list("id", "plan__starts_on", "plan__last_followed_up_on", "follow_up_due_on")
        .annotate(last_scored=Max("sub_goals__scores__scored_on"))
    ):
        due_on = rules.goal_follow_up_due(
            since=max(d for d in (starts_on, followed_on) if d is not None),
            last_scored_on=last_scored,
        )
        if due_on != stored:
            changed.append(model(id=goal_id, follow_up_due_on=due_on))
    model._default_manager.bulk_update(changed, ["follow_up_due_on"], batch_size=BATCH)
    return len(changed)
