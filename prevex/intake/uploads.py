"""Uploaded files cut at the size limit while they arrive, before Django keeps them.

Django keeps an upload whole (in memory, or in a temporary file past 2.5 MB) before a
view's form can look at its size. ``BoundedUploadHandler`` comes first in
``settings.FILE_UPLOAD_HANDLERS``, so it is in place on every request before any
middleware reads the body: it skips a file as soon as it passes ``parsing.MAX_BYTES``
(what is left of it is read and dropped, never handed to the handlers that keep it). A
view asks ``upload_too_big(request)`` whether the file was cut (its form then sees no
file). The CSRF middleware checks the token as on any other page.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

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


def upload_too_big(request) -> bool:
    """Whether a file of this request was cut at the limit."""
    return any(
        isinstance(handler, BoundedUploadHandler) and handler.too_big
        for handler in request.upload_handlers
    )
