"""Open the journal buffer for each request (prevex/audit/buffer.py)."""

from .buffer import buffered


class JournalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with buffered():
            return self.get_response(request)
