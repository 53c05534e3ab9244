import os

from django.core.wsgi import get_wsgi_application

from hjemvej.common.perf import settle_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
application = get_wsgi_application()
# The garbage collector tuned for a web worker (issue 13: a few slow requests were full
# collections): common.perf.settle_for_serving.
settle_for_serving()
