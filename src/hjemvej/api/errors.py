"""Validation errors as JSON with field names and Danish messages, never a 500."""

PYDANTIC_MESSAGES = {
    "missing": "Feltet skal udfyldes.",
    "string_type": "Skal være tekst.",
    "int_type": "Skal være et heltal.",
    "int_parsing": "Skal være et heltal.",
    "bool_type": "Skal være sand eller falsk.",
    "bool_parsing": "Skal være sand eller falsk.",
    "date_type": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_from_datetime_parsing": "Skal være en dato (ÅÅÅÅ-MM-DD).",
    "datetime_parsing": "Skal være et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm).",
    "decimal_parsing": 'Skal være et tal, fx "1234.50".',
    "decimal_type": 'Skal være et tal, fx "1234.50".',
    "float_parsing": "Skal være et tal.",
    "uuid_parsing": "Skal være et gyldigt id (UUID).",
    "uuid_type": "Skal være et gyldigt id (UUID).",
    "enum": "Ugyldig værdi.",
    "literal_error": "Ugyldig værdi.",
    "list_type": "Skal være en liste.",
    "dict_type": "Skal være et objekt.",
    "model_attributes_type": "Skal være et objekt.",
    "json_invalid": "Forespørgslen er ikke gyldig JSON.",
    "string_too_long": "Teksten er for lang.",
    "string_too_short": "Teksten er for kort.",
    "greater_than": "Værdien er for lille.",
    "greater_than_equal": "Værdien er for lille.",
    "less_than": "Værdien er for stor.",
    "less_than_equal": "Værdien er for stor.",
    "value_error": "Ugyldig værdi.",
    "extra_forbidden": "Feltet kendes ikke.",
}


def field_name(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data")]
    return ".".join(parts) or "__all__"


def translate_pydantic(errors: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for err in errors:
        msg = PYDANTIC_MESSAGES.get(err.get("type", ""), "Ugyldig værdi.")
        ctx = err.get("ctx") or {}
        if err.get("type") == "value_error" and "error" in ctx:
            msg = str(ctx["error"]).removeprefix("Value error, ")
        out.setdefault(field_name(err.get("loc", ())), []).append(msg)
    return out


def django_errors(exc) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {("__all__" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
    return {"__all__": exc.messages}
