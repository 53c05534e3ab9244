"""gunicorn's access log as JSON lines (HJEMVEJ_LOG_FORMAT=json), with the request id. The path
is logged without its query string: a search may carry a name or a CPR number there."""

import json
import time

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        request_id = next((v for k, v in resp.headers if k.lower() == "x-request-id"), "-")
        line = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "remote": environ.get("REMOTE_ADDR", "-"),
            "method": environ.get("REQUEST_METHOD", "-"),
            "path": environ.get("PATH_INFO", "-"),
            "status": resp.status_code,
            "bytes": getattr(resp, "sent", 0),
            "ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": request_id,
        }
        self.access_log.info(json.dumps(line, ensure_ascii=False))
