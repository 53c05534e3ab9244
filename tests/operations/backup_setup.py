"""Run inside `hjemvej shell` by test_backup: a few citizens, audit rows and an anchor."""

from hjemvej.audit.context import acting_as
from hjemvej.audit.models import Action
from hjemvej.audit.services import anchor, log_event
from tests.factories import CitizenFactory, MunicipalityFactory, UserFactory


def setup() -> None:
    ishoj = MunicipalityFactory(code=183, name="Ishøj")
    user = UserFactory(username="sagsbehandler.ishoj")
    with acting_as(user):
        for _ in range(5):
            citizen = CitizenFactory(acting_municipality=ishoj)
            log_event(action=Action.CREATE, summary="Borger oprettet", citizen=citizen)
            log_event(action=Action.READ, summary="Borgerens overblik", citizen=citizen)
    anchor()


def more() -> None:
    """After the backup: the system goes on working and anchoring."""
    from hjemvej.people.models import Citizen

    with acting_as(None):
        for citizen in Citizen.objects.all():
            log_event(action=Action.READ, summary="Borgerens overblik", citizen=citizen)
    anchor()
