from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


@login_not_required
def health(request):
    """Trivial view: the reference of the benchmarks (no database, no template)."""
    return HttpResponse("ok", content_type="text/plain")
