import pytest, re
from tests.accounts.helpers import *
pytestmark = pytest.mark.django_db
def test_x(client, agent):
    password_step(client, agent)
    r = client.post("/comptes/double-authentification/", {"token": wrong_code_for(device_of(agent))})
    t = page_text(r)
    print(re.findall(r'fr-message[^<]*<', t), re.findall(r'fr-alert[^/]*', t)[:3])
    i = t.find('<main'); print(t[i:i+3000])
