from django.http import HttpResponse


def health(request):
    """Trivial view: the reference of the benchmarks (no database, no template)."""
    return HttpResponse("ok", content_type="text/plain")
