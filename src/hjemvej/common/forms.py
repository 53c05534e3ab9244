from django.core.exceptions import ValidationError


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message next to its field, the rest
    at the top, so the user sees why nothing was saved and keeps what they typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
