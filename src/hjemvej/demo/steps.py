"""The demo data, step by step in the order `hjemvej demo` runs them. The foundation builds the
municipalities, units, users and citizens; each later step adds one app's data on top of the
steps before it. Every step is deterministic and safe to run twice."""

from collections.abc import Callable

from hjemvej.courses import demo as courses
from hjemvej.demo import foundation, income
from hjemvej.economics import demo as economics
from hjemvej.housing import demo as housing
from hjemvej.meetings import demo as meetings
from hjemvej.offers import demo as offers
from hjemvej.plans import demo as plans
from hjemvej.portal import demo as portal
from hjemvej.post import demo as post
from hjemvej.stays import demo as stays
from hjemvej.stays import demo_placements as placements
from hjemvej.tracks import demo as tracks

Step = Callable[[Callable[[str], None]], None]

STEPS: list[tuple[str, Step]] = [
    ("foundation", foundation.build),
    ("courses", courses.build),
    ("meetings", meetings.build),
    ("offers", offers.build),
    ("stays", stays.build),
    ("bought", stays.build_bought),
    ("housing", housing.build),
    ("income", income.build),
    ("economics", economics.load),
    ("placements", placements.build),
    ("plans", plans.build),
    ("portal", portal.build),
    ("post", post.build),
    ("tracks", tracks.build),
]
