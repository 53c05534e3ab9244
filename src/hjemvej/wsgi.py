import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
application = get_wsgi_application()

# Garbage collection tuned for a web worker (issue 13). A page's model objects hold each other
# in cycles (a stay's prefetched tasks point back to the stay), so they are freed only by the
# cyclic collector. With CPython's default thresholds (700, 10, 10) a collection runs every few
# hundred allocations during a request, the page's objects are still alive then, are promoted to
# the oldest generation and are freed by a full collection that also walks every object loaded at
# startup: one request in ten or so paid 100–300 ms for it (the citizen's stays page of a citizen
# with 60 stays: CPU p50 32 ms, p95 173 ms in-process at national scale). The objects alive now
# (Django, the URL and template machinery) are moved out of the collector's sight (gc.freeze),
# and the youngest generation is collected after 50,000 allocations instead of 700, so a
# request's objects mostly die young and are freed by a cheap young collection between requests
# (same page: CPU p95 44–51 ms).
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 100)
