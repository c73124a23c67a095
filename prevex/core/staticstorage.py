"""Static files in production: whitenoise's compressed files with hashed names, CSS kept
byte for byte.

The DSFR stylesheets are included with integrity checksums (SRI) of the package's files
(``{% dsfr_css %}``). Django's manifest storage rewrites the ``url()`` references inside
CSS files, which changes their bytes, and a browser then refuses the stylesheet
(« Failed to find a valid digest in the 'integrity' attribute »): every page unstyled.
So no CSS is rewritten. Hashed copies are still made (long cache), and the files a CSS
names (fonts, icons) stay under their own names next to it, as ``collectstatic`` keeps
the originals too (docs/decisions/2026-12-01-static-files-integrity.md).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = ()  # no rewriting of url() in CSS: the bytes served are the vendored ones
