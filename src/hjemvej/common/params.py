"""Query strings of the API: a parameter the operation does not know is refused (422), not
ignored, so a mistyped filter never answers as if nothing was asked (found by the fuzzer)."""

from django.core.exceptions import ValidationError


def check_query_params(request, *allowed: str) -> None:
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        shown = ", ".join(f"'{name}'" for name in unknown)
        raise ValidationError({"query": f"Ukendt parameter i forespørgslen: {shown}."})
