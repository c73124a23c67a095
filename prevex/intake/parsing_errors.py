"""The refusal of a whole file (shared by parsing.py and bounds.py)."""


class FileRefused(Exception):
    """The whole file is refused; ``message`` says why, in French."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
