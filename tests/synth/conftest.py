"""A reduced-scale 93 département (2019) generated once for the session's CSV tests."""

import pytest

from prevex.synth.api import generate

SCALE = 0.1
NOISE = 0.08


@pytest.fixture(scope="session")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth93")
    result = generate(preset="93", years="2019", seed=11, scale=SCALE, noise=NOISE, out=out)
    return out, result
