"""`{% uuid_url %}` is `{% url %}` for a view with one UUID argument, reversed once per name."""

import uuid

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse

from hjemvej.common.templatetags.hjemvej import uuid_url


@pytest.mark.parametrize(
    "name", ["people:overview", "stays:complete_task", "post:stay_notice", "rights:citizen"]
)
def test_the_same_url_as_reverse(name):
    for value in (uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=0)):
        assert uuid_url(name, value) == reverse(name, args=[value])


def test_in_a_template_the_same_as_the_url_tag():
    value = uuid.uuid4()
    context = Context({"v": value})
    mine = Template("{% load hjemvej %}{% uuid_url 'people:overview' v %}").render(context)
    theirs = Template("{% url 'people:overview' v %}").render(context)
    assert mine == theirs


def test_anything_but_a_uuid_is_reversed_and_refused_the_ordinary_way():
    assert uuid_url("people:overview", str(uuid.UUID(int=5))) == reverse(
        "people:overview", args=[uuid.UUID(int=5)]
    )
    with pytest.raises(NoReverseMatch):
        uuid_url("people:overview", "not-a-uuid")
