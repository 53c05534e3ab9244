"""Destinations (no database); working days are tested with common.dates."""

import datetime

from hjemvej.stays import rules

D = datetime.date


def test_every_destination_maps_to_a_count_category():
    for code in rules.DESTINATIONS:
        assert rules.count_category(code) in rules.COUNT_CATEGORIES
    assert rules.count_category("own_home") == "not_homeless"
    assert rules.count_category("street") == "rough_sleeping"
    assert rules.count_category("other_shelter") == "shelter"
    assert rules.count_category("prison") == "prison_release"
    assert rules.count_category("hospital_treatment") == "hospital_release"
    assert rules.count_category("family_friends") == "family_friends"
