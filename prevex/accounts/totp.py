"""Presentation of a TOTP secret: QR code as inline SVG (drawn here, no request out)."""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    # The SVG is built from our own key and settings only; no user input reaches it.
    return mark_safe(  # noqa: S308
        svg.replace(
            "<svg ",
            '<svg role="img" aria-label="QR code à scanner avec votre application '
            'd\'authentification" class="prevex-qrcode" ',
            1,
        )
    )


def totp_secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for manual entry."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
