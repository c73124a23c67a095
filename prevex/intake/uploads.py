"""Uploaded files cut at the size limit while they arrive, before Django keeps them.

Django keeps an upload whole (in memory, or in a temporary file past 2.5 MB) before the
view's form can look at its size. ``BoundedUploadHandler``, put first among the request's
upload handlers, skips the file as soon as it passes ``parsing.MAX_BYTES``: what is left
of it is read and dropped, never handed to the handlers that keep it. The handlers must be
set before anything reads the request's body, so the view is exempt from the CSRF
middleware and checks the token itself afterwards (``bounded_upload``).
"""

from __future__ import annotations

import functools

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from . import parsing


class BoundedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.too_big = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > parsing.MAX_BYTES:
            self.too_big = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers keep the file


def bounded_upload(view):
    """Decorate a view that receives a file: ``request.upload_too_big()`` then says
    whether the file was cut (the form then sees no file)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        handler = BoundedUploadHandler(request)
        if request.method == "POST":
            request.upload_handlers.insert(0, handler)
        request.upload_too_big = lambda: handler.too_big
        return protected(request, *args, **kwargs)

    return wrapper
