"""Helpers shared by the accounts tests."""

import html
import time

from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "motdepasse-solide"


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    """The code the person's application shows now (``offset`` steps away)."""
    if offset == 0:
        value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        return f"{value:0{device.digits}d}"
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + offset * device.step
    return f"{generator.token():0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A well-formed code that no accepted time step of ``device`` produces."""
    accepted = {code_for(device, offset=o) for o in range(-2, 3)}
    candidate = 0
    while f"{candidate:06d}" in accepted:
        candidate += 1
    return f"{candidate:06d}"


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def password_step(client, user, *, identifier=None, next_url=None):
    data = {"username": identifier or user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/comptes/connexion/", data)


def full_login(client, user, *, next_url=None):
    password_step(client, user, next_url=next_url)
    return client.post("/comptes/double-authentification/", {"token": code_for(device_of(user))})


def page_text(response) -> str:
    """The response body with HTML entities decoded (apostrophes are escaped)."""
    return html.unescape(response.content.decode())
