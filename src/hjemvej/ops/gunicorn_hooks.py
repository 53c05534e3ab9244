"""gunicorn's server hooks for `hjemvej serve` (--config python:hjemvej.ops.gunicorn_hooks)."""

from hjemvej.common.perf import collect_after_response


def post_request(worker, req, environ, resp) -> None:
    """After a response is written: free the request's garbage outside the user's wait."""
    collect_after_response()
